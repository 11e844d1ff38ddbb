package io.vigil.app;

import io.vigil.common.config.VigilConfig;
import io.vigil.sink.ClipCutter;
import io.vigil.sink.Database;
import io.vigil.sink.RecordingIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes any span of a camera's recordings (segments or replayed files) to one MP4, without re-encoding. */
@Command(name = "export", description = "Write a span of a camera's recordings to one MP4 (no re-encoding), from the sink's recordings index.")
final class ExportCommand implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Option(names = "--camera", required = true, paramLabel = "ID")
    String camera;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "e.g. 2026-11-20T22:00:00Z")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "TIME")
    Instant to;

    @Parameters(paramLabel = "OUT.mp4")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!from.isBefore(to)) throw new IllegalArgumentException("--to must be later than --from");
        VigilConfig cfg = config.load();
        Path work = Files.createTempDirectory("vigil-export");
        try (Database db = Database.open(ConfigMapping.sink(cfg, 0).effectiveJdbcUrl())) {
            var clip = new ClipCutter(new RecordingIndex(db), work).cut(camera, from, to);
            if (clip.isEmpty()) {
                spec.commandLine().getErr().println("vigil export: no recording of camera " + camera + " between " + from + " and " + to);
                return 1;
            }
            Files.move(clip.get(), out, StandardCopyOption.REPLACE_EXISTING);
            var covered = new RecordingIndex(db).find(camera, from, to, 10_000);
            Instant first = covered.get(0).start().isAfter(from) ? covered.get(0).start() : from;
            Instant last = covered.get(covered.size() - 1).end().isBefore(to) ? covered.get(covered.size() - 1).end() : to;
            spec.commandLine().getOut().printf("Wrote %s: camera %s, %s to %s (%d s, %d recording(s)), %d bytes%n", out, camera,
                    first, last, Duration.between(first, last).toSeconds(), covered.size(), Files.size(out));
            return 0;
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        }
    }
}
