package io.vigil.app;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.Alert;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import io.vigil.common.config.ConfigValidator;
import io.vigil.common.config.ConfigException;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.DetectorStats;
import io.vigil.ingest.CameraSettings;
import io.vigil.ingest.IngestService;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import io.vigil.notify.NotifyService;
import io.vigil.sink.SinkService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Single-node mode: an embedded Kafka broker, ingest, detector and sink in one JVM. */
@Command(name = "up", description = "Run everything in one JVM: embedded Kafka broker, ingest, detector, sink (SQLite), and notify when configured.")
public final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    static final String SAMPLE_CAMERA = "sample";

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH", description = "Replay this recording instead of the sample footage.")
    Path file;

    @Option(names = "--camera", paramLabel = "ID[=URL]",
            description = "ID=URL adds a camera (repeatable); a bare ID names the camera of --file (default: sample).")
    List<String> cameras = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker log, state stores, model link, SQLite file (default: ./data).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the API and web page (default: 8080).")
    Integer httpPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker on 127.0.0.1, for your own consumers (0 = any; default: 9092).")
    int kafkaPort;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Start time of the recording, e.g. 2026-11-20T22:00:00Z (default: the file's creation time, else its modification time).")
    Instant start;

    @Option(names = "--speed", paramLabel = "1|2|max", description = "Replay speed of the recording (default: 1, or max with --once).")
    String speed;

    @Option(names = "--once", description = "Exit when the recording is processed and its alerts are stored; print a JSON summary as the last line.")
    boolean once;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } finally {
            stopped.countDown();
        }
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        VigilConfig cfg = config.load();
        String fileCamera = applyOptions(cfg);
        PrintWriter out = spec.commandLine().getOut();

        List<AutoCloseable> running = new ArrayList<>();
        try {
            SingleNode node = SingleNode.start(cfg, kafkaPort, httpPort == null ? cfg.sink.httpPort : httpPort);
            running.add(node);
            SinkService sink = node.sink;
            EmbeddedKafka broker = node.broker;
            ServiceFactory.Detector detector = node.detector;
            String api = "http://127.0.0.1:" + sink.port();
            out.printf("Vigil is up: web page %s/  alerts %s/api/alerts  Kafka %s  data %s%n",
                    api, api, broker.bootstrapServers(), node.dataDir);
            out.flush();

            NotifyService notify = ServiceFactory.notify(cfg); // before any alert: it starts at the end of the topics
            if (notify != null) running.add(0, notify);
            AlertTally tally = new AlertTally(ServiceFactory.kafka(cfg), a -> printAlert(out, api, a));
            running.add(0, tally);
            List<CameraSettings> live = ServiceFactory.cameras(cfg).stream()
                    .filter(c -> c.enabled() && (fileCamera == null || !c.id().equals(fileCamera))).toList();
            if (!live.isEmpty()) {
                IngestService ingest = ServiceFactory.ingest(cfg, live);
                running.add(0, ingest);
            }
            if (fileCamera == null) {
                return waitForStop(tally);
            }

            Replay replay = new Replay(List.of(file), fileCamera, ServiceFactory.kafka(cfg))
                    .start(start)
                    .speed(Replay.parseSpeed(speed != null ? speed : once ? "max" : "1"));
            if (System.console() != null) {
                replay.onProgress(p -> { System.err.print("\r" + p.bar(30) + "   "); System.err.flush(); });
            }
            PrintWriter err = spec.commandLine().getErr();
            Thread replaying = new Thread(() -> report(replay.run(), err), "vigil-replay");
            if (!once) {
                replaying.setDaemon(true);
                replaying.start();
                return waitForStop(tally);
            }
            ReplaySummary summary = replay.run();
            if (System.console() != null) System.err.println();
            report(summary, spec.commandLine().getErr());
            node.awaitProcessed(Duration.ofMinutes(30));
            if (notify != null && !notify.awaitDelivered(Duration.ofMinutes(30))) {
                throw new IllegalStateException("notify did not deliver the alerts within 30 minutes (see /health of notify)");
            }
            tally.drain();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("frames", summary.frames());
            line.put("inferred", detector.service().stats().total(DetectorStats.Kind.INFERRED));
            line.put("alerts", tally.total());
            line.put("byLabel", tally.byLabel());
            line.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            closeAll(running);
            out.println(Json.string(line));
            out.flush();
            return summary.frames() > 0 && summary.filesFailed() == 0 ? 0 : 1;
        } finally {
            closeAll(running);
        }
    }

    /** Applies the command-line options to the config; returns the camera id of the recording to replay, or null. */
    private String applyOptions(VigilConfig cfg) {
        if (dataDir != null) cfg.dataDir = dataDir.toString();
        String fileCamera = null;
        for (String c : cameras) {
            if (c.indexOf('=') < 0) {
                fileCamera = c;
            } else {
                cfg.cameras.add(ServiceFactory.camera(c));
            }
        }
        List<String> errors = ConfigValidator.validate(cfg);
        if (!errors.isEmpty()) throw new ConfigException("(config and --camera options)", errors);
        boolean hasLive = cfg.cameras.stream().anyMatch(c -> c.enabled);
        if (file == null && hasLive) {
            if (once) throw new IllegalArgumentException("--once needs a recording: add --file PATH (live cameras never end)");
            return null;
        }
        if (file == null) file = sampleFootage();
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("recording not found: " + file);
        return fileCamera != null ? fileCamera : SAMPLE_CAMERA;
    }

    public static Path sampleFootage() {
        Path home = Path.of(System.getProperty("vigil.home", "."));
        return home.resolve("samples").resolve("vtest.mp4");
    }

    /** Shows alerts until Ctrl-C; the shutdown hook lets the caller close everything before the JVM exits. */
    private int waitForStop(AlertTally tally) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        while (stopRequested.getCount() > 0) tally.poll(Duration.ofMillis(500));
        LOG.info("Stopping");
        return 0;
    }

    private static void printAlert(PrintWriter out, String api, Alert a) {
        if (System.console() != null) out.print("\r\033[2K"); // over the replay's progress bar
        out.printf(Locale.ROOT, "alert %-8s %.2f camera %s at %s  %s/api/alerts/%s%n",
                a.label(), a.score(), a.camera(), a.frameTime(), api, a.id());
        out.flush();
    }

    private static void report(ReplaySummary s, PrintWriter err) {
        for (ReplaySummary.FileError e : s.errors()) {
            err.println("vigil up: " + e.error());
            err.flush();
        }
        LOG.info("Replayed {} frames of camera {} ({} to {}) in {} s", s.frames(), s.camera(), s.firstFrameTime(),
                s.lastFrameTime(), s.elapsed().toSeconds());
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping: {}", e.toString());
            }
        }
        running.clear();
    }
}
