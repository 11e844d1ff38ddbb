package io.vigil.app;

import io.vigil.common.TopicSetup;
import io.vigil.common.config.VigilConfig;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes recorded files as a camera, with the recording's times. */
@Command(name = "replay", description = "Publish recorded footage as a camera; record times = start + position in the files.")
final class ReplayCommand implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR|GLOB", arity = "1..*",
            description = "Files, folders or globs ('night/*.mp4'), played in the order of the recordings' times"
                    + " (creation_time metadata, else modification time); each file is indexed as the recording of its span.")
    List<String> files;

    @Option(names = "--camera", required = true, paramLabel = "ID", description = "Camera id to publish as.")
    String camera;

    @Option(names = "--start", paramLabel = "TIME", description = "Recording start, e.g. 2026-11-20T22:00:00Z (default: the file's creation time, else its modification time).")
    Instant start;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "1|2|max", description = "1 = real time (default), 2, ..., or max.")
    String speed;

    @Option(names = "--loop", description = "Start again at the end (times keep increasing).")
    boolean loop;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka (default: kafka.bootstrap_servers of the config).")
    String bootstrap;

    @Override
    public Integer call() {
        VigilConfig cfg = config.load();
        if (bootstrap != null) cfg.kafka.bootstrapServers = bootstrap;
        VigilConfig.Camera cam = cfg.cameras.stream().filter(c -> camera.equals(c.id)).findFirst().orElse(new VigilConfig.Camera());
        TopicSetup.ensure(cfg.kafka);
        Replay replay = new Replay(Replay.footage(files), camera, ConfigMapping.kafka(cfg))
                .topics(TopicSetup.Layout.of(cfg.kafka))
                .start(start).speed(Replay.parseSpeed(speed)).loop(loop)
                .detectFps(cam.detect.fps).detectWidth(cam.detect.width).jpegQuality(cam.jpegQuality);
        boolean terminal = System.console() != null;
        replay.onProgress(p -> {
            if (terminal) System.err.print("\r" + p.bar(30) + "   ");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(replay::stop));
        ReplaySummary s = replay.run();
        if (terminal) System.err.println();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Replayed %d frames as camera %s from %s to %s in %.1f s; %d file(s) ok, %d failed%n",
                s.frames(), s.camera(), s.firstFrameTime(), s.lastFrameTime(), s.elapsed().toMillis() / 1000.0,
                s.filesOk(), s.filesFailed());
        s.errors().forEach(e -> spec.commandLine().getErr().println("  " + e.error()));
        return s.filesFailed() == 0 ? 0 : 1;
    }
}
