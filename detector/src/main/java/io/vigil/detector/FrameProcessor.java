package io.vigil.detector;

import io.vigil.common.Alert;
import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.JpegHeader;
import io.vigil.common.Topics;
import io.vigil.detector.DetectorStats.Kind;
import io.vigil.vision.Detection;
import io.vigil.vision.Images;
import io.vigil.vision.ObjectDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's per-frame work, for one camera's frames at a time (the topic is keyed by camera):
 * decode, motion gate, CNN (on the regions of the frame around motion and tracked objects, or on the
 * whole frame), filters, tracker; alert events, snapshots, motion spans and what is tracked on the frame
 * go downstream, frames that cannot be processed go to the dead-letter sink with the reason.
 */
final class FrameProcessor implements Processor<String, byte[], String, byte[]> {
    static final String REASON_HEADER = DeadLetters.REASON_HEADER;
    private static final Logger LOG = LoggerFactory.getLogger(FrameProcessor.class);

    private final DetectorSettings settings;
    private final DetectorStats stats;
    private final ObjectDetector detector;
    /** Made at the first frame: they need the model's input size. */
    private Regions regions;
    private RegionDetector regionDetector;
    private final Map<String, CameraPipeline> pipelines = new HashMap<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, MotionState> motion;
    private KeyValueStore<String, CameraTracks> tracks;
    private MotionSpans motionSpans;

    FrameProcessor(DetectorSettings settings, ObjectDetector detector, DetectorStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.motion = context.getStateStore(DetectorTopology.MOTION_STORE);
        this.tracks = context.getStateStore(DetectorTopology.TRACKS_STORE);
        this.motionSpans = new MotionSpans(context.getStateStore(DetectorTopology.MOTION_SPANS_STORE));
    }

    /**
     * Never throws: whatever goes wrong with one frame (a corrupt image, a bug in a later stage) sends that
     * frame to the dead-letter topic, and the partition moves on to the next frame.
     */
    @Override
    public void process(Record<String, byte[]> frame) {
        String camera = frame.key();
        stats.add(camera, Kind.FRAMES);
        String problem = checkShape(frame);
        if (problem != null) {
            deadLetter(frame, problem);
            return;
        }
        try {
            JpegHeader.check(frame.value());
        } catch (JpegHeader.InvalidJpegException e) {
            deadLetter(frame, e.getMessage() + " (" + frame.value().length + " bytes)");
            return;
        }
        Mat image;
        try {
            image = Images.decode(frame.value());
        } catch (RuntimeException e) {
            deadLetter(frame, "not a decodable JPEG image (" + frame.value().length + " bytes): " + e.getMessage());
            return;
        }
        try (image) {
            process(frame, camera, image);
        } catch (RuntimeException e) {
            if (stats.get(camera, Kind.DEAD_LETTER) % 1000 == 0) { // the stack trace once, not per frame
                LOG.error("Unexpected failure on a frame of camera {}", camera, e);
            }
            deadLetter(frame, "unexpected " + e);
        }
    }

    private void process(Record<String, byte[]> frame, String camera, Mat image) {
        CameraPipeline pipeline = pipelines.computeIfAbsent(camera, settings::pipeline);
        if (regions == null) {
            regions = new Regions(detector.inputSize(), settings.maxRegions(), settings.fullFrameMotion());
            regionDetector = new RegionDetector(detector, regions);
        }
        long now = frame.timestamp();
        MotionState state = motion.get(camera);
        MotionGate.Result moved = pipeline.motionGate().apply(image, state == null ? null : state.background());
        long lastWhole = state == null ? Long.MIN_VALUE : state.lastWholeFrameAt();
        // Regions see only what moves or is tracked: now and then the whole frame, for what came in unseen.
        boolean forced = lastWhole == Long.MIN_VALUE || now - lastWhole >= settings.forcedCheckMillis() || now < lastWhole;
        // A gap in the stream is a (re)connection: what is in view then must be found even if it never moves.
        boolean reconnected = state == null || state.lastFrameAt() == Long.MIN_VALUE
                || Math.abs(now - state.lastFrameAt()) > settings.reconnectGapMillis();
        long connectedAt = reconnected ? now : state.connectedAt();
        int framesSinceInference = state == null ? 1 : state.skippedSinceInference() + 1;
        CameraTracks camTracks = tracks.get(camera);
        if (camTracks == null) camTracks = new CameraTracks();
        boolean warmingUp = now - connectedAt < settings.warmUpMillis();
        boolean whole = forced || reconnected;
        boolean infer = moved.motion() || whole || warmingUp || pipeline.tracker().needsInference(camTracks, framesSinceInference);
        boolean regionsOff = regions.maxRegions() == 0;
        List<Regions.Region> plan = !infer ? List.of() : whole || regionsOff ? List.of(Regions.whole(image.cols(), image.rows()))
                : regions.plan(pipeline.tracker().toLookAt(camTracks, now, framesSinceInference), moved.boxes(),
                        image.cols(), image.rows());
        // warming up, the CNN runs on every frame: on the regions of what it found, or else on the whole frame
        if (plan.isEmpty() && warmingUp) plan = List.of(Regions.whole(image.cols(), image.rows()));
        infer = !plan.isEmpty();
        boolean wholeFrame = plan.size() == 1 && plan.get(0).isWhole(image.cols(), image.rows());
        motion.put(camera, new MotionState(moved.background(), wholeFrame ? now : lastWhole, now, connectedAt,
                infer ? 0 : framesSinceInference));
        // the first frame only seeds the background: it is no evidence of motion
        for (var span : motionSpans.frame(camera, state == null ? Long.MIN_VALUE : state.lastFrameAt(), now,
                state != null && moved.motion())) {
            context.forward(new Record<>(camera, Json.bytes(span), now), DetectorTopology.MOTION_SINK);
        }
        if (!infer) {
            stats.add(camera, Kind.SKIPPED);
            forwardObjects(camera, camTracks, now, lastWhole, false, image);
            return;
        }
        stats.add(camera, Kind.INFERRED);

        List<Detection> detections;
        try {
            long started = System.nanoTime();
            RegionDetector.Result found = regionDetector.detect(image, plan);
            detections = found.detections();
            stats.inferenceTook(camera, System.nanoTime() - started);
            for (int i = 0; i < found.runs(); i++) stats.add(camera, Kind.CNN_RUNS);
        } catch (RuntimeException e) {
            deadLetter(frame, "inference failed: " + e.getMessage());
            return;
        }
        List<Observation> observations = new ArrayList<>();
        List<Observation> weak = new ArrayList<>();
        for (Detection d : detections) {
            Observation o = pipeline.filter().apply(d.label(), d.score(), d.box());
            if (o != null) {
                observations.add(o);
            } else {
                Observation w = pipeline.filter().applyWeak(d.label(), d.score(), d.box(), settings.tracker().lowScore());
                if (w != null) weak.add(w);
            }
        }
        camTracks.origin = context.recordMetadata().map(m -> m.partition() + "." + m.offset()).orElse(null);
        List<Tracker.Event> events = pipeline.tracker().update(camTracks, observations, weak, now, image.cols(), image.rows());
        tracks.put(camera, camTracks);
        forwardObjects(camera, camTracks, now, now, true, image);
        for (Tracker.Event e : events) {
            stats.add(camera, Kind.EVENTS);
            if (Alert.NEW.equals(e.alert().type())) stats.add(camera, Kind.ALERTS_NEW);
            context.forward(new Record<>(camera, Json.bytes(e.alert()), now), DetectorTopology.ALERTS_SINK);
            if (e.withSnapshot()) {
                byte[] jpeg = SnapshotRenderer.render(image, e.alert());
                context.forward(new Record<>(e.alert().id(), jpeg, now), DetectorTopology.SNAPSHOTS_SINK);
            }
        }
    }

    /** What the camera's tracks are on this frame, for the live view and eval (one small record per frame). */
    private void forwardObjects(String camera, CameraTracks camTracks, long now, long lastInferredAt, boolean inferred, Mat image) {
        FrameObjects objects = ObjectsReport.of(camera, camTracks, now, lastInferredAt, inferred, image.cols(), image.rows(),
                settings.tracker().stationaryFrames());
        context.forward(new Record<>(camera, Json.bytes(objects), now), DetectorTopology.OBJECTS_SINK);
    }

    private String checkShape(Record<String, byte[]> frame) {
        if (frame.key() == null || frame.key().isBlank()) return "record has no camera id as key";
        if (frame.value() == null || frame.value().length == 0) return "empty frame";
        if (frame.value().length > settings.maxFrameBytes()) {
            return "frame of " + frame.value().length + " bytes exceeds the limit of " + settings.maxFrameBytes();
        }
        return null;
    }

    private void deadLetter(Record<String, byte[]> frame, String reason) {
        stats.add(frame.key(), Kind.DEAD_LETTER);
        long count = stats.get(frame.key(), Kind.DEAD_LETTER);
        if (count == 1 || count % 1000 == 0) { // a camera sending garbage must not flood the log
            LOG.warn("Frame of camera {} at {} sent to the dead-letter topic {} ({} so far): {}", frame.key(),
                    Instant.ofEpochMilli(frame.timestamp()), Topics.DEAD_LETTER, count, reason);
        }
        context.forward(DeadLetters.record(frame.key(), frame.value(), frame.timestamp(), frame.headers(), reason),
                DetectorTopology.DEAD_LETTER_SINK);
    }
}
