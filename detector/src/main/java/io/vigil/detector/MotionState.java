package io.vigil.detector;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A camera's entry in the {@code motion} store: its grey background, when the CNN last looked at a whole
 * frame of it (not only at regions), when its last frame came and when its stream (re)started, and how many
 * frames were skipped since the CNN last ran.
 */
public record MotionState(float[] background, long lastWholeFrameAt, long lastFrameAt, long connectedAt,
                          int skippedSinceInference) {
    /** Marks the current layout; an entry of the first layout (no marker) is read with the new fields unknown. */
    private static final long LAYOUT_2 = 0x5649474C00000002L;

    public static Serde<MotionState> serde() {
        Serializer<MotionState> ser = (topic, s) -> {
            if (s == null) return null;
            ByteBuffer b = ByteBuffer.allocate(8 * 4 + 4 + 4 * s.background.length);
            b.putLong(LAYOUT_2).putLong(s.lastWholeFrameAt).putLong(s.lastFrameAt).putLong(s.connectedAt)
                    .putInt(s.skippedSinceInference);
            b.asFloatBuffer().put(s.background);
            return b.array();
        };
        Deserializer<MotionState> de = (topic, data) -> {
            if (data == null) return null;
            ByteBuffer b = ByteBuffer.wrap(data);
            long first = b.getLong();
            long last = first, lastFrame = Long.MIN_VALUE, connected = Long.MIN_VALUE;
            int skipped = 0;
            if (first == LAYOUT_2) {
                last = b.getLong();
                lastFrame = b.getLong();
                connected = b.getLong();
                skipped = b.getInt();
            }
            float[] bg = new float[b.remaining() / 4];
            b.asFloatBuffer().get(bg);
            return new MotionState(bg, last, lastFrame, connected, skipped);
        };
        return Serdes.serdeFrom(ser, de);
    }
}
