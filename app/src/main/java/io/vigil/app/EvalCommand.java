package io.vigil.app;

import com.sun.management.OperatingSystemMXBean;
import io.vigil.app.eval.AlertSpans;
import io.vigil.app.eval.BoxEval;
import io.vigil.app.eval.BoxScore;
import io.vigil.app.eval.MotBoxes;
import io.vigil.app.eval.Span;
import io.vigil.app.eval.Visit;
import io.vigil.app.eval.VisitMatch;
import io.vigil.common.Alert;
import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.Topics;
import io.vigil.common.config.VigilConfig;
import io.vigil.detector.CameraTracks;
import io.vigil.detector.DetectorStats;
import io.vigil.detector.DetectorTopology;
import io.vigil.detector.TrackedObject;
import io.vigil.ingest.FilePlayback;
import io.vigil.ingest.Replay;
import io.vigil.ingest.ReplaySummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Detection and tracking quality against ground truth: replays recordings through the same pipeline as
 * {@code vigil up --once} (embedded broker, detector, sink) and matches the alerts' time spans to the
 * visits of a visit file; empty recordings count false alerts. With boxes ground truth, what the detector tracked on
 * each frame (the objects topic) is scored too: per-frame box recall and precision, and IDF1.
 */
@Command(name = "eval", description = {
        "Replay recordings through the pipeline and compare the alerts with ground truth (see README, 'Measuring detection quality').",
        "Without --file and --empty: the sample footage and its ground truth (samples/ground-truth)."})
final class EvalCommand implements Callable<Integer> {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEFAULT_CAMERA = "eval";
    /** A stationary object seen this recently before the end was checked at its last interval and is still there. */
    private static final long STATIONARY_CHECK_MILLIS = 5_000;

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH", description = "Recording to evaluate (default: the sample footage).")
    Path file;

    @Option(names = "--visits", paramLabel = "TSV",
            description = "Its visits: tab-separated id, start_s, end_s (seconds from the first frame); default with the sample: samples/ground-truth/vtest_visits.tsv. With --boxes it may be left out.")
    Path visitsFile;

    @Option(names = "--boxes", paramLabel = "GT.txt",
            description = "Boxes ground truth of --file in the MOTChallenge format (frame,id,x,y,w,h,...; frames from 1 at the recording's frame rate): adds per-frame detection recall and precision at --min-iou, and IDF1.")
    Path boxesFile;

    @Option(names = "--min-iou", defaultValue = "0.5", description = "Box IoU for a tracked box to find a ground-truth box (default: 0.5).")
    double minIou;

    @Option(names = "--empty", paramLabel = "PATH", description = "A recording with nobody in it; every alert on it is false (repeatable).")
    List<Path> empty = new ArrayList<>();

    @Option(names = "--label", defaultValue = "person", description = "Label the visits are of (default: person).")
    String label;

    @Option(names = "--min-tiou", defaultValue = "0.5", description = "Temporal IoU for an alert to find a visit (default: 0.5).")
    double minTiou;

    @Option(names = "--camera", paramLabel = "ID",
            description = "Evaluate --file as this camera of the config: its detect fps, width and JPEG quality, zones and masks (default: a camera 'eval' with the default settings).")
    String cameraId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker and state of this run (default: a temporary directory, deleted after).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        long cpuStarted = cpuNanos();
        boolean sample = file == null && empty.isEmpty();
        if (sample) {
            file = UpCommand.sampleFootage();
            if (visitsFile == null) visitsFile = file.resolveSibling("ground-truth").resolve("vtest_visits.tsv");
        }
        if (file != null && visitsFile == null && boxesFile == null) {
            throw new IllegalArgumentException("--file needs its ground truth: --visits TSV, --boxes GT.txt or both");
        }
        if (file != null && !Files.isRegularFile(file)) throw new IllegalArgumentException("recording not found: " + file);
        for (Path e : empty) if (!Files.isRegularFile(e)) throw new IllegalArgumentException("recording not found: " + e);
        List<Visit> visits = visitsFile == null ? null : Visit.read(visitsFile);
        if (boxesFile != null && file == null) throw new IllegalArgumentException("--boxes needs --file (the recording it describes)");
        if (boxesFile != null && !Files.isRegularFile(boxesFile)) throw new IllegalArgumentException("boxes ground truth not found: " + boxesFile);
        MotBoxes boxes = boxesFile == null ? null : MotBoxes.read(boxesFile);

        VigilConfig cfg = config.load();
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("vigil-eval");
        cfg.dataDir = data.toString();
        // Only the evaluated camera stays configured: its detect settings feed the replay, its zones and masks the detector.
        VigilConfig.Camera evaluated = cameraId == null ? new VigilConfig.Camera()
                : cfg.cameras.stream().filter(c -> cameraId.equals(c.id)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("--camera " + cameraId + ": no camera with that id in the config"));
        String evalCamera = cameraId == null ? DEFAULT_CAMERA : cameraId;
        cfg.cameras.retainAll(List.of(evaluated));
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> line = new LinkedHashMap<>();
        try (SingleNode node = SingleNode.start(cfg, 0, 0)) {
            Map<String, AlertSpans> spans = new HashMap<>();
            Map<String, Integer> newAlerts = new HashMap<>();
            try (AlertTally tally = new AlertTally(ConfigMapping.kafka(cfg), a -> newAlerts.merge(a.camera(), 1, Integer::sum),
                    a -> { AlertSpans s = spans.get(a.camera()); if (s != null) s.accept(a); })) {
                if (file != null) {
                    spans.put(evalCamera, new AlertSpans(evalCamera, label));
                    List<FrameObjects> tracked = new ArrayList<>();
                    ReplaySummary s;
                    try (TopicTail objects = new TopicTail(ConfigMapping.kafka(cfg), Topics.OBJECTS)) {
                        s = replay(node, tally, file, evalCamera, evaluated);
                        if (boxes != null) objects.drain(r -> {
                            if (evalCamera.equals(r.key()) && r.value() != null) tracked.add(Json.read(r.value(), FrameObjects.class));
                        });
                    }
                    if (visits != null) {
                        activeAlertsLastSeen(node, evalCamera, spans.get(evalCamera), s.lastFrameTime());
                        VisitMatch m = VisitMatch.of(visits, spans.get(evalCamera).relativeTo(T0), minTiou);
                        printVisits(out, m);
                        line.put("visits", m.visits());
                        line.put("found", m.found());
                        line.put("recall", round(m.visits() == 0 ? 0 : (double) m.found() / m.visits()));
                        line.put("alerts", m.alerts());
                        line.put("unmatchedAlerts", m.extra().size());
                        line.put("alertsPerVisit", round(m.alertsPerVisit()));
                        line.put("maxSecondsToAlert", round(m.maxSecondsToAlert()));
                    }
                    long inferred = node.detector.service().stats().get(evalCamera, DetectorStats.Kind.INFERRED);
                    line.put("frames", s.frames());
                    line.put("inferred", inferred);
                    line.put("inferredShare", round((double) inferred / s.frames()));
                    line.put("cnnRuns", node.detector.service().stats().get(evalCamera, DetectorStats.Kind.CNN_RUNS));
                    line.put("recordingSeconds", seconds(s));
                    if (boxes != null) scoreBoxes(out, line, boxes, tracked);
                }
                int falseAlerts = 0;
                double emptySeconds = 0;
                for (int i = 0; i < empty.size(); i++) {
                    String camera = "empty-" + (i + 1);
                    ReplaySummary s = replay(node, tally, empty.get(i), camera, evaluated);
                    int n = newAlerts.getOrDefault(camera, 0);
                    out.printf(Locale.ROOT, "empty %-40s %6.1f s  %d alert(s)%n", empty.get(i), seconds(s), n);
                    falseAlerts += n;
                    emptySeconds += seconds(s);
                }
                if (!empty.isEmpty()) {
                    line.put("emptyRecordings", empty.size());
                    line.put("emptySeconds", round(emptySeconds));
                    line.put("emptyAlerts", falseAlerts);
                }
            }
        } finally {
            if (dataDir == null) deleteTree(data);
        }
        double cpu = (cpuNanos() - cpuStarted) / 1e9;
        line.put("cpuSeconds", round(cpu));
        double recorded = (Double) line.getOrDefault("recordingSeconds", 0.0) + (Double) line.getOrDefault("emptySeconds", 0.0);
        if (recorded > 0) line.put("cpuSecondsPerCameraHour", Math.round(cpu / recorded * 3600));
        line.put("seconds", round((System.nanoTime() - started) / 1e9));
        out.println(Json.string(line));
        out.flush();
        return 0;
    }

    private ReplaySummary replay(SingleNode node, AlertTally tally, Path recording, String camera, VigilConfig.Camera settings)
            throws InterruptedException {
        ReplaySummary s = new Replay(List.of(recording), camera, ConfigMapping.kafka(node.config))
                .detectFps(settings.detect.fps).detectWidth(settings.detect.width).jpegQuality(settings.jpegQuality)
                .start(T0).speed(Replay.MAX_SPEED).run();
        for (ReplaySummary.FileError e : s.errors()) spec.commandLine().getErr().println("vigil eval: " + e.error());
        if (s.frames() == 0) throw new IllegalArgumentException("no frame could be decoded from " + recording);
        node.awaitProcessed(Duration.ofMinutes(30));
        tally.drain();
        return s;
    }

    /**
     * Alerts still tracked at the end of the recording end when the tracker last saw them, or with the
     * recording when the object is stationary (checked only now and then, but there all along).
     */
    private static void activeAlertsLastSeen(SingleNode node, String camera, AlertSpans spans, Instant recordingEnd) {
        ReadOnlyKeyValueStore<String, CameraTracks> store = node.detector.service().streams().store(StoreQueryParameters
                .fromNameAndType(DetectorTopology.TRACKS_STORE, QueryableStoreTypes.<String, CameraTracks>keyValueStore()));
        CameraTracks tracks = store.get(camera);
        if (tracks == null) return;
        int stationary = node.config.detector.tracker.stationaryFrames;
        for (TrackedObject o : tracks.objects) {
            boolean stillThere = o.stillFrames >= stationary && recordingEnd.toEpochMilli() - o.lastSeen <= STATIONARY_CHECK_MILLIS;
            if (o.confirmed) spans.lastSeen(o.id, stillThere ? recordingEnd : Instant.ofEpochMilli(o.lastSeen));
        }
    }

    /** Per-frame box recall and precision, and IDF1, of what was tracked against the boxes ground truth. */
    private void scoreBoxes(PrintWriter out, Map<String, Object> line, MotBoxes boxes, List<FrameObjects> tracked) {
        int[] size = FilePlayback.size(file);
        BoxScore b = BoxEval.score(boxes, FilePlayback.frameRate(file), size[0], size[1], tracked, T0, label, minIou);
        out.printf(Locale.ROOT, "%s boxes on %d detect frames (IoU >= %.2f): %d of %d found, recall %.3f, precision %.3f (%d tracked); IDF1 %.3f%n",
                label, b.frames(), minIou, b.matched(), b.truthBoxes(), b.recall(), b.precision(), b.trackedBoxes(), b.idf1());
        line.put("boxFrames", b.frames());
        line.put("boxes", b.truthBoxes());
        line.put("boxRecall", round(b.recall()));
        line.put("boxPrecision", round(b.precision()));
        line.put("idf1", round(b.idf1()));
    }

    private void printVisits(PrintWriter out, VisitMatch m) {
        out.printf("%-6s %7s %7s   %-28s %5s%n", "visit", "start", "end", "alert (start-end s)", "tIoU");
        List<Object[]> rows = new ArrayList<>();
        for (VisitMatch.Pair p : m.pairs()) rows.add(new Object[] {p.visit(), p.alert(), p.tiou()});
        for (Visit v : m.missed()) rows.add(new Object[] {v, null, 0.0});
        rows.sort(Comparator.comparingDouble(r -> ((Visit) r[0]).start()));
        for (Object[] r : rows) {
            Visit v = (Visit) r[0];
            Span a = (Span) r[1];
            out.printf(Locale.ROOT, "%-6s %7.1f %7.1f   %-28s %5s%n", v.id(), v.start(), v.end(),
                    a == null ? "MISSED" : String.format(Locale.ROOT, "%.1f-%.1f", a.start(), a.end()),
                    a == null ? "" : String.format(Locale.ROOT, "%.2f", (double) r[2]));
        }
        for (Span a : m.extra()) {
            out.printf(Locale.ROOT, "%-6s %7s %7s   %-28s%n", "-", "", "", String.format(Locale.ROOT, "%.1f-%.1f extra", a.start(), a.end()));
        }
        out.printf(Locale.ROOT, "%s visits found (tIoU >= %.2f): %d of %d; %s alerts: %d, matching no visit: %d; alerts per visit: %.2f%n",
                label, minTiou, m.found(), m.visits(), label, m.alerts(), m.extra().size(), m.alertsPerVisit());
    }

    private static double seconds(ReplaySummary s) {
        if (s.firstFrameTime() == null) return 0;
        return round((s.lastFrameTime().toEpochMilli() - s.firstFrameTime().toEpochMilli()) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
