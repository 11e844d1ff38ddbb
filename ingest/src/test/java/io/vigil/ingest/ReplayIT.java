package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.TopicSetup;
import io.vigil.common.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.assertj.core.data.Offset;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Replays real footage through real FFmpeg into a real Kafka broker and reads it back with Kafka's consumer. */
class ReplayIT {
    private static final Instant START = Instant.parse("2026-11-20T22:00:00Z");
    private static EmbeddedKafka kafka;
    private static Path clips;
    /** 8 s of the sample, H.264 like a camera. */
    private static Path clip8;
    /** 3 s of the sample. */
    private static Path clip3;

    @TempDir
    Path dir;
    private String topic;

    @BeforeAll
    static void startBroker(@TempDir Path shared) {
        kafka = TestKitCluster.start(1);
        clips = shared;
        clip8 = Footage.clip(shared, "clip8.mp4", 8);
        clip3 = Footage.clip(shared, "clip3.mp4", 3);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @BeforeEach
    void topicPerTest(TestInfo test) {
        topic = "frames." + test.getTestMethod().orElseThrow().getName();
    }

    private Replay replay(List<Path> files, String camera) {
        return new Replay(files, camera, Map.of("bootstrap.servers", kafka.bootstrapServers())).framesTopic(topic);
    }

    private List<FrameRecords.Frame> landed() {
        return FrameRecords.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(1));
    }

    @Test
    void fileBecomesSampledScaledJpegFramesTimedByCaptureTime() {
        ReplaySummary summary = replay(List.of(clip8), "door").start(START).speed(Replay.MAX_SPEED).run();

        List<FrameRecords.Frame> frames = landed();
        long ffmpegCount = Footage.ffmpegFramesAtFps(clip8, 5);
        assertThat((long) frames.size()).isEqualTo(summary.frames()).isBetween(ffmpegCount - 1, ffmpegCount + 1);
        assertThat(summary.errors()).isEmpty();
        assertThat(summary.filesOk()).isEqualTo(1);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.camera()).isEqualTo("door");
            assertThat(f.width()).isEqualTo(640);
            assertThat(f.height()).isEqualTo(480);
        });
        assertThat(frames.stream().map(FrameRecords.Frame::partition).distinct()).hasSize(1);
        // capture time = start + pts: the sample is 10 fps, so kept frames are 200 ms apart from the start on
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).time()).as("frame %d", i).isEqualTo(START.plusMillis(200L * i));
            assertThat(frames.get(i).seq()).isEqualTo(i);
        }
        assertThat(summary.firstFrameTime()).isEqualTo(START);
        assertThat(summary.lastFrameTime()).isEqualTo(frames.get(frames.size() - 1).time());
        try (Mat image = imdecode(new Mat(frames.get(10).jpeg()), IMREAD_COLOR)) {
            assertThat(image.cols()).isEqualTo(640);
            assertThat(image.rows()).isEqualTo(480);
        }
    }

    @Test
    void framesTopicIsCreatedSizeBoundedAndFitFor4kFrames() throws Exception {
        replay(List.of(clip3), "cfg").start(START).speed(Replay.MAX_SPEED).run();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(Topics.FRAMES_MAX_MESSAGE_BYTES));
            assertThat(Long.parseLong(config.get("retention.bytes").value())).isPositive();
            // capture times of old footage must not make the broker delete frames before they are processed
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void severalFilesPlayAsOneRecordingAndBadOnesAreNamedWhileTheRestPlays() throws Exception {
        Path missing = dir.resolve("missing.mp4");
        Path text = Files.writeString(dir.resolve("readme.mp4"), "not a video\n".repeat(200));
        Path audio = dir.resolve("audio.m4a");
        Footage.ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", audio.toString());
        Path truncatedMp4 = Footage.truncated(clip3, dir.resolve("truncated.mp4"), 0.6);
        Path avi = dir.resolve("old-camera.avi");
        Footage.ffmpeg("-i", clip8.toString(), "-c:v", "msmpeg4v3", "-q:v", "5", avi.toString()); // vtest's own codec
        Path truncatedAvi = Footage.truncated(avi, dir.resolve("truncated.avi"), 0.5);

        ReplaySummary summary = replay(List.of(clip3, missing, text, audio, truncatedMp4, clip3, truncatedAvi), "yard")
                .start(START).speed(Replay.MAX_SPEED).run();

        assertThat(summary.errors()).extracting(ReplaySummary.FileError::file)
                .containsExactly(missing, text, audio, truncatedMp4, truncatedAvi);
        assertThat(summary.errors()).allSatisfy(e -> assertThat(e.error()).startsWith(e.file().toString() + ": "));
        assertThat(summary.errors().get(0).error()).endsWith("file not found");
        assertThat(summary.errors().get(2).error()).contains("no video stream");
        assertThat(summary.errors().get(4).error()).contains("truncated or corrupt");
        assertThat(summary.filesOk()).isEqualTo(2);

        List<FrameRecords.Frame> frames = landed();
        assertThat((long) frames.size()).isEqualTo(summary.frames());
        // 3 s + 3 s at 5 fps, then the readable first part of the 8 s AVI: one timeline, 200 ms steps, no gap
        assertThat(frames.size()).isBetween(31, 30 + 40 - 5);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).time()).as("frame %d", i).isEqualTo(START.plusMillis(200L * i));
        }
    }

    @Test
    void defaultStartIsTheCreationTimeInTheFileElseItsModificationTime() throws Exception {
        Path tagged = Footage.clip(dir, "tagged.mp4", 1, "-metadata", "creation_time=2025-03-04T05:06:07.000000Z");
        Path untagged = Files.copy(clip3, dir.resolve("untagged.mp4"));
        Instant mtime = Instant.parse("2024-01-02T03:04:05Z");
        Files.setLastModifiedTime(untagged, FileTime.from(mtime));

        ReplaySummary fromMetadata = replay(List.of(tagged), "a").speed(Replay.MAX_SPEED).run();
        ReplaySummary fromMtime = replay(List.of(untagged), "b").speed(Replay.MAX_SPEED).run();

        assertThat(fromMetadata.firstFrameTime()).isEqualTo(Instant.parse("2025-03-04T05:06:07Z"));
        assertThat(fromMtime.firstFrameTime()).isEqualTo(mtime);
        List<FrameRecords.Frame> frames = landed();
        assertThat(FrameRecords.ofCamera(frames, "a").get(0).time()).isEqualTo(fromMetadata.firstFrameTime());
        assertThat(FrameRecords.ofCamera(frames, "b").get(0).time()).isEqualTo(mtime);
    }

    @Test
    void speedOneAndTwoPaceInRealTimeAndReportProgress() {
        List<ReplayProgress> progress = new CopyOnWriteArrayList<>();
        ReplaySummary real = replay(List.of(clip3), "paced").start(START).speed(1).onProgress(progress::add).run();
        ReplaySummary twice = replay(List.of(clip3), "paced2").start(START).speed(2).run();

        // 3 s of footage: the last frame is published ~2.8 s after the first at speed 1, ~1.4 s at speed 2
        assertThat(real.elapsed()).isBetween(Duration.ofMillis(2700), Duration.ofMillis(6000));
        assertThat(twice.elapsed()).isBetween(Duration.ofMillis(1300), Duration.ofMillis(4000));
        assertThat(real.frames()).isEqualTo(twice.frames()).isEqualTo(15);
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
        ReplayProgress mid = progress.get(1);
        assertThat(mid.totalMediaSeconds()).isCloseTo(3.0, Offset.offset(0.05));
        assertThat(mid.framesPerSecond()).isBetween(3.0, 7.0);
        assertThat(mid.eta()).isBetween(Duration.ZERO, Duration.ofSeconds(3));
        assertThat(progress.get(progress.size() - 1).frames()).isEqualTo(15);
        assertThat(mid.bar(20)).contains("%").contains("fps").contains("ETA");
    }

    @Test
    void loopKeepsTimeGoingUntilStopped() throws Exception {
        Replay replay = replay(List.of(clip3), "loop").start(START).speed(Replay.MAX_SPEED).loop(true);
        AtomicInteger reports = new AtomicInteger();
        replay.onProgress(p -> {
            if (p.frames() >= 40 && reports.getAndIncrement() == 0) replay.stop();
        });
        ReplaySummary summary = replay.run();

        List<FrameRecords.Frame> frames = landed();
        assertThat(summary.frames()).isEqualTo(frames.size()).isGreaterThanOrEqualTo(40);
        assertThat(summary.filesOk()).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).time()).as("frame %d", i).isEqualTo(START.plusMillis(200L * i));
        }
    }

    @Test
    void framesOverTheTopicsLimitAreSkippedWithAClearLogLine() {
        int limit = 40_000;
        TopicSetup.ensure(kafka.clientConfig(), List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("max.message.bytes", Integer.toString(limit)))));
        Logger logger = (Logger) LoggerFactory.getLogger(FramePublisher.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            ReplaySummary summary = replay(List.of(clip3), "big").start(START).speed(Replay.MAX_SPEED)
                    .detectWidth(1280).jpegQuality(100).run();

            assertThat(summary.framesSkipped()).isEqualTo(15);
            assertThat(summary.frames()).isZero();
            assertThat(landed()).isEmpty();
            List<String> warnings = new ArrayList<>();
            logs.list.forEach(e -> warnings.add(e.getFormattedMessage()));
            assertThat(warnings).hasSize(1); // one line when it starts, not one per frame
            assertThat(warnings.get(0)).contains("Camera big").contains("40,000 bytes").contains(topic)
                    .containsPattern("frame of [0-9,]+ bytes");
        } finally {
            logger.detachAppender(logs);
        }
    }
}
