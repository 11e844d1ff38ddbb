package io.vigil.app.bench;

import io.vigil.app.ServiceFactory;
import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.ingest.Replay;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code vigil bench detector}: on the sample footage in single-node mode,
 * <ol>
 *   <li>the detector's throughput from the frames topic to alerts with the motion gate forced to infer every
 *       frame, against raw ONNX Runtime inference of the same model with the same threads on frames of the same
 *       footage, measured before and after in the same run;</li>
 *   <li>the share of frames the motion gate skips with default settings, on the footage and on a quiet stretch;</li>
 *   <li>alert latency (frame capture → alert stored by the sink) with the footage replayed in real time.</li>
 * </ol>
 */
final class BenchDetector {
    private static final String STAGING_TOPIC = Topics.FRAMES + ".bench-staging";
    private static final int RAW_RUNS = 10;

    record Result(int threads, String model, long frames, double pipelineFps, DetectBench.Row rawBefore,
                  DetectBench.Row rawAfter, long footageFrames, long footageSkipped, long quietFrames, long quietSkipped,
                  long quietAlerts, double seconds, BenchAlertLatency latency, double[] othersCpu) {
        double rawFps() {
            return 1000 / ((rawBefore.inferenceMs() + rawAfter.inferenceMs()) / 2);
        }

        double detectCallFps() {
            return 1000 / ((rawBefore.detectMs() + rawAfter.detectMs()) / 2);
        }

        String table() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "Detector benchmark: model %s, %d intra-op thread(s), %d cores, footage %.0f s%n",
                    model, threads, Runtime.getRuntime().availableProcessors(), seconds));
            t.append(String.format(Locale.ROOT, "%-52s %10s%n", "measure", "value"));
            row(t, "pipeline topic->alerts, gate forced (frames/s)", "%.1f", pipelineFps);
            row(t, "raw ONNX Runtime inference (frames/s)", "%.1f", rawFps());
            row(t, "  median ms/frame before / after", "%s", String.format(Locale.ROOT, "%.1f / %.1f",
                    rawBefore.inferenceMs(), rawAfter.inferenceMs()));
            double drift = Math.abs(rawAfter.inferenceMs() - rawBefore.inferenceMs())
                    / Math.min(rawBefore.inferenceMs(), rawAfter.inferenceMs());
            if (drift > 0.2) {
                t.append(String.format(Locale.ROOT, "  WARNING: the baseline moved %.0f%% between before and after:"
                        + " something else used the CPU; rerun on an idle machine%n", drift * 100));
            }
            row(t, "other processes' CPU: raw before / pipeline / after", "%s", String.format(Locale.ROOT,
                    "%s / %s / %s", BenchCpu.percent(othersCpu[0]), BenchCpu.percent(othersCpu[1]), BenchCpu.percent(othersCpu[2])));
            row(t, "whole detect() call (frames/s)", "%.1f", detectCallFps());
            row(t, "ratio pipeline / raw inference (target >= 0.9)", "%.2fx", pipelineFps / rawFps());
            row(t, "motion gate skips, sample footage (default)", "%s", share(footageSkipped, footageFrames));
            row(t, "motion gate skips, quiet stretch (default)", "%s", share(quietSkipped, quietFrames));
            row(t, "  new alerts on the quiet stretch", "%d", quietAlerts);
            row(t, "alert latency p50 (capture -> stored)", "%s", latency.count() == 0 ? "-" : latency.p50() + " ms");
            row(t, "alert latency p95 (capture -> stored)", "%s", latency.count() == 0 ? "-" : latency.p95() + " ms");
            t.append(String.format(Locale.ROOT, "(throughput on %d frames at 10 fps after a 10%% warm-up; raw = median of"
                    + " %d+%d session runs on frames of the footage, measured before and after; latency over %d 'new'"
                    + " alert events, footage replayed at speed 1 with detect fps 5; quiet stretch = the footage's first"
                    + " frame repeated with sensor-like noise)%n", frames, rawBefore.samples(), rawAfter.samples(), latency.count()));
            return t.toString();
        }

        private static void row(StringBuilder t, String name, String format, Object value) {
            t.append(String.format(Locale.ROOT, "%-52s %10s%n", name, String.format(Locale.ROOT, format, value)));
        }

        private static String share(long part, long whole) {
            return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%% of %d", 100.0 * part / whole, whole);
        }
    }

    private BenchDetector() {}

    static Result run(Supplier<VigilConfig> configs, Path footage, double seconds, PrintStream progress) throws Exception {
        try (BenchWorkspace ws = BenchWorkspace.create()) {
            progress.println("bench detector: preparing clips of " + footage);
            Path clip = ws.trimmed(footage, seconds, "clip");
            Path warmUp = ws.trimmed(footage, 3, "warmup");
            Path quiet = ws.still(footage, seconds);
            List<Path> frames = ws.frames(clip, 4, 50, new VigilConfig.Detect().width);

            VigilConfig forced = configs.get();
            forced.detector.motion.forcedCheckSeconds = 0.001; // frames are 100 ms apart: every one is a forced check
            DetectBench.Row before, after;
            Throughput throughput;
            double[] others = new double[3];
            progress.println("bench detector: starting single node (gate forced to infer every frame)");
            try (BenchNode node = BenchNode.start(forced, ws.dir("forced"))) {
                progress.println("bench detector: raw inference baseline (before)");
                BenchCpu cpu = BenchCpu.start();
                before = node.rawInference(frames, RAW_RUNS);
                others[0] = cpu.shares().others();
                throughput = throughput(node, clip, progress);
                others[1] = throughput.othersCpu;
                progress.println("bench detector: raw inference baseline (after)");
                cpu = BenchCpu.start();
                after = node.rawInference(frames, RAW_RUNS);
                others[2] = cpu.shares().others();
            }

            progress.println("bench detector: starting single node (default settings)");
            try (BenchNode node = BenchNode.start(configs.get(), ws.dir("default"))) {
                node.warmUp(warmUp);
                String live = "live";
                progress.printf(Locale.ROOT, "bench detector: alert latency, replaying %.0f s of footage in real time%n", seconds);
                BenchNode.playTogether(List.of(node.replay(clip, live).speed(1)), s -> {
                    if (s % 5 == 0) {
                        progress.printf(Locale.ROOT, "  %3d/%.0f s  published %d  processed %d%n", s, seconds,
                                node.arrivals.published(List.of(live)), node.count(live, Kind.FRAMES));
                    }
                    return true;
                });
                node.awaitProcessed(Duration.ofMinutes(2));
                BenchAlertLatency latency = node.latency(List.of(live));

                progress.println("bench detector: motion gate on the quiet stretch");
                node.replay(quiet, "quiet").speed(Replay.MAX_SPEED).run();
                node.awaitProcessed(Duration.ofMinutes(2));
                return new Result(forced.detector.threads, forced.detector.model, throughput.frames, throughput.fps,
                        before, after, node.count(live, Kind.FRAMES), node.count(live, Kind.SKIPPED),
                        node.count("quiet", Kind.FRAMES), node.count("quiet", Kind.SKIPPED),
                        node.count("quiet", Kind.ALERTS_NEW), seconds, latency, others);
            }
        }
    }

    private record Throughput(long frames, double fps, double othersCpu) {}

    /**
     * Stages every frame of the clip on a side topic, copies them onto the frames topic at once, and times the
     * detector's steady state: from when a tenth of them had started to when the last one started.
     */
    private static Throughput throughput(BenchNode node, Path clip, PrintStream progress) throws InterruptedException {
        String camera = "throughput";
        progress.println("bench detector: staging the clip's frames");
        long total = node.replay(clip, camera).framesTopic(STAGING_TOPIC).detectFps(10).speed(Replay.MAX_SPEED).run().frames();
        if (total < 20) throw new IllegalStateException("the clip gave only " + total + " frames; use more --seconds");
        long warmUp = total / 10;
        copy(ServiceFactory.kafka(node.config), STAGING_TOPIC, Topics.FRAMES);
        progress.printf(Locale.ROOT, "bench detector: throughput on %d frames%n", total);
        BenchCpu cpu = null;
        long startNanos = -1, startCount = 0, lastReport = System.nanoTime(), lastChange = System.nanoTime(), last = -1;
        while (true) {
            long n = node.count(camera, Kind.FRAMES);
            long now = System.nanoTime();
            if (startNanos < 0 && n >= warmUp) {
                startNanos = now;
                startCount = n;
                cpu = BenchCpu.start();
            }
            if (n >= total) {
                double fps = (total - startCount) / ((now - startNanos) / 1e9);
                double others = cpu.shares().others();
                node.awaitProcessed(Duration.ofMinutes(1));
                if (node.count(camera, Kind.INFERRED) != total) {
                    throw new IllegalStateException("the forced motion gate skipped frames: inferred "
                            + node.count(camera, Kind.INFERRED) + " of " + total);
                }
                return new Throughput(total - startCount, fps, others);
            }
            if (n != last) {
                last = n;
                lastChange = now;
            } else if (now - lastChange > 60_000_000_000L) {
                throw new IllegalStateException("the detector stopped at " + n + " of " + total + " frames");
            }
            if (now - lastReport > 5_000_000_000L) {
                progress.printf(Locale.ROOT, "  %d/%d frames%n", n, total);
                lastReport = now;
            }
            Thread.sleep(5);
        }
    }

    /** Copies every record of {@code from} (key, value, timestamp, headers) onto {@code to}. */
    private static void copy(Map<String, Object> kafka, String from, String to) {
        Properties c = new Properties();
        c.putAll(kafka);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.FRAMES_MAX_MESSAGE_BYTES);
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.FRAMES_MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            var partitions = consumer.partitionsFor(from).stream().map(i -> new TopicPartition(from, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    producer.send(new ProducerRecord<>(to, null, r.timestamp(), r.key(), r.value(), r.headers()));
                }
            }
            producer.flush();
        }
    }
}
