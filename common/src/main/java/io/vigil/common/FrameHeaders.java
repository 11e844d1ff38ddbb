package io.vigil.common;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Headers of a record on {@link Topics#FRAMES}: sequence number, width and height, as decimal text. */
public final class FrameHeaders {
    public static final String SEQ = "seq";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";

    private FrameHeaders() {}

    public static void write(Headers headers, long seq, int width, int height) {
        headers.add(SEQ, text(seq));
        headers.add(WIDTH, text(width));
        headers.add(HEIGHT, text(height));
    }

    /** The header's value as a number, or {@code missing} when absent or not a number. */
    public static long read(Headers headers, String name, long missing) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) return missing;
        try {
            return Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return missing;
        }
    }

    private static byte[] text(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

}
