package io.vigil.detector;

import io.vigil.common.Topics;
import io.vigil.vision.ObjectDetector;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import io.vigil.common.JsonSerde;

/** frames → [decode, motion, CNN, filters, tracker] → alerts, snapshots, motion spans, tracked objects per frame, dead letters. */
public final class DetectorTopology {
    public static final String MOTION_STORE = "motion";
    public static final String TRACKS_STORE = "tracks";
    /** Per camera: its open span of motion ({@link MotionSpans}). */
    public static final String MOTION_SPANS_STORE = "motion-spans";
    static final String ALERTS_SINK = "alerts";
    static final String SNAPSHOTS_SINK = "snapshots";
    static final String DEAD_LETTER_SINK = "dead-letter";
    static final String MOTION_SINK = "motion";
    static final String OBJECTS_SINK = "objects";

    private DetectorTopology() {}

    public static Topology build(DetectorSettings settings, ObjectDetector detector, DetectorStats stats) {
        Topology t = new Topology();
        t.addSource("frames", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.FRAMES);
        t.addProcessor("detect", () -> new FrameProcessor(settings, detector, stats), "frames");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MOTION_STORE),
                Serdes.String(), MotionState.serde()), "detect");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACKS_STORE),
                Serdes.String(), new JsonSerde<>(CameraTracks.class)), "detect");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MOTION_SPANS_STORE),
                Serdes.String(), new JsonSerde<>(MotionSpans.Open.class)), "detect");
        t.addSink(ALERTS_SINK, Topics.ALERTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "detect");
        t.addSink(SNAPSHOTS_SINK, Topics.SNAPSHOTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "detect");
        t.addSink(MOTION_SINK, Topics.MOTION, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "detect");
        t.addSink(OBJECTS_SINK, Topics.OBJECTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "detect");
        t.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTER, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "detect");
        return t;
    }
}
