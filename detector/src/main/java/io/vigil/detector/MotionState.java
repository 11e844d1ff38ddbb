package io.vigil.detector;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** A camera's entry in the {@code motion} store: its grey background and when the CNN last ran on it. */
public record MotionState(float[] background, long lastInferredAt) {

    public static Serde<MotionState> serde() {
        Serializer<MotionState> ser = (topic, s) -> {
            if (s == null) return null;
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * s.background.length);
            b.putLong(s.lastInferredAt);
            b.asFloatBuffer().put(s.background);
            return b.array();
        };
        Deserializer<MotionState> de = (topic, data) -> {
            if (data == null) return null;
            ByteBuffer b = ByteBuffer.wrap(data);
            long last = b.getLong();
            float[] bg = new float[b.remaining() / 4];
            b.asFloatBuffer().get(bg);
            return new MotionState(bg, last);
        };
        return Serdes.serdeFrom(ser, de);
    }
}
