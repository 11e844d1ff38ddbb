package io.vigil.detector;

import io.vigil.common.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Records for the dead-letter topic: the frame as it came, its headers, and the reason in
 * {@link #REASON_HEADER}. A value too large to be written again next to the reason is cut, with its
 * original size in {@link #ORIGINAL_BYTES_HEADER}, so dead-lettering itself can never fail on size.
 */
final class DeadLetters {
    static final String REASON_HEADER = "vigil.error";
    static final String ORIGINAL_BYTES_HEADER = "vigil.original-bytes";
    /** Room left in a dead-letter record for the key, the headers and the reason. */
    static final int MAX_VALUE_BYTES = Topics.FRAMES_MAX_MESSAGE_BYTES - 256 * 1024;
    private static final int MAX_REASON_CHARS = 1000;

    private DeadLetters() {}

    static Record<String, byte[]> record(String key, byte[] value, long timestamp, Headers original, String reason) {
        Headers headers = headers(original, value, reason);
        return new Record<>(key, cut(value), timestamp, headers);
    }

    static ProducerRecord<byte[], byte[]> producerRecord(byte[] key, byte[] value, long timestamp, Headers original, String reason) {
        return new ProducerRecord<>(Topics.DEAD_LETTER, null, timestamp, key, cut(value), headers(original, value, reason));
    }

    private static Headers headers(Headers original, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        String r = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
        headers.add(REASON_HEADER, r.getBytes(StandardCharsets.UTF_8));
        if (value != null && value.length > MAX_VALUE_BYTES) {
            headers.add(ORIGINAL_BYTES_HEADER, Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    private static byte[] cut(byte[] value) {
        return value == null || value.length <= MAX_VALUE_BYTES ? value : Arrays.copyOf(value, MAX_VALUE_BYTES);
    }
}
