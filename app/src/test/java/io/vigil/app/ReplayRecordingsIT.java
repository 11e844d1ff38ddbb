package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.broker.EmbeddedKafka;
import io.vigil.common.RecordingSegment;
import io.vigil.sink.RecordingIndex;
import io.vigil.sink.RecordingSettings;
import io.vigil.sink.SinkSettings;
import io.vigil.sink.SinkService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An investigator's folder of NVR exports: {@code vigil replay DIR} plays it in the order of the recordings' times,
 * each file is indexed by the sink as the recording of its own span (nothing copied), and {@code vigil export}
 * writes a span across two files without re-encoding (checked with Debian's ffprobe).
 */
class ReplayRecordingsIT {
    @TempDir Path dir;

    @Test
    void aFolderIsReplayedInRecordingOrderIndexedWhereItLiesAndExported() throws Exception {
        Path clip = Path.of(getClass().getResource("/deploy/vtest-10s.mp4").toURI());
        Path folder = Files.createDirectories(dir.resolve("nvr-export"));
        // names in the opposite order of the recordings' times
        Path early = withCreationTime(clip, folder.resolve("b.mp4"), "2026-11-20T22:00:00Z");
        Path late = withCreationTime(clip, folder.resolve("a.mp4"), "2026-11-20T22:05:00Z");
        Path data = Files.createDirectories(dir.resolve("data"));
        try (EmbeddedKafka kafka = EmbeddedKafka.singleNode(dir.resolve("kafka"), 0);
             SinkService sink = new SinkService(SinkSettings.of(kafka.clientConfig(), data).withHttpPort(0))
                     .recordings(RecordingSettings.defaults()).start()) {
            Cli replay = Cli.run("replay", folder, "--camera", "nvr", "--speed", "max", "--bootstrap-servers", kafka.bootstrapServers());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("2 file(s) ok").contains("from 2026-11-20T22:00:00Z");
            assertThat(sink.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

            List<RecordingIndex.Entry> indexed = sink.recordings().find("nvr", null, null, 100);
            assertThat(indexed).extracting(RecordingIndex.Entry::path)
                    .containsExactly(early.toAbsolutePath().toString(), late.toAbsolutePath().toString());
            assertThat(indexed).extracting(RecordingIndex.Entry::source).containsOnly(RecordingSegment.FILE);
            assertThat(indexed.get(0).start()).isEqualTo(Instant.parse("2026-11-20T22:00:00Z"));
            assertThat(indexed.get(1).start()).isEqualTo(Instant.parse("2026-11-20T22:05:00Z")); // its own time: the gap stays
            assertThat(Duration.between(indexed.get(0).start(), indexed.get(0).end()).toMillis()).isBetween(9_900L, 10_100L);
        }
        Path config = Files.writeString(dir.resolve("vigil.yml"), "data_dir: " + data + "\n");
        Path out = dir.resolve("span.mp4");
        Cli export = Cli.run("export", "--config", config, "--camera", "nvr", "--from", "2026-11-20T22:00:05Z",
                "--to", "2026-11-20T22:05:04Z", out);
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("2 recording(s)");
        assertThat(probe(out, "stream=codec_name,width,height", "v:0")).isEqualTo(probe(clip, "stream=codec_name,width,height", "v:0"));
        // 22:00:04 (the keyframe before :05) to :10, then 22:05:00 to :04; the gap between the files is not filled
        assertThat(Double.parseDouble(probe(out, "format=duration", null))).isBetween(9.8, 10.3);
    }

    private static Path withCreationTime(Path in, Path out, String time) throws Exception {
        run("ffmpeg", "-y", "-loglevel", "error", "-i", in.toString(), "-c", "copy", "-metadata", "creation_time=" + time, out.toString());
        return out;
    }

    private static String probe(Path file, String entries, String stream) throws Exception {
        return stream == null
                ? run("ffprobe", "-v", "error", "-show_entries", entries, "-of", "csv=p=0", file.toString())
                : run("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", entries, "-of", "csv=p=0", file.toString());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out.trim();
    }
}
