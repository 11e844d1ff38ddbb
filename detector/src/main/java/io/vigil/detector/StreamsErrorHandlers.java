package io.vigil.detector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' last line of defence behind {@link FrameProcessor}'s own checks: a record that cannot be
 * deserialized or processed goes to the dead-letter topic and processing resumes; a record that cannot be
 * written for its size is skipped. None of these kills a stream thread (which under exactly-once would
 * re-read the same record and die again, forever).
 */
final class StreamsErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsErrorHandlers.class);
    /** Records that reached a handler (each is a bug or hostile input the processor did not catch itself). */
    static final AtomicLong HANDLED = new AtomicLong();

    private StreamsErrorHandlers() {}

    private static String where(ErrorHandlerContext c) {
        return c.topic() + "-" + c.partition() + " offset " + c.offset();
    }

    /** For records whose bytes cannot be read as key and value. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext c, ConsumerRecord<byte[], byte[]> r, Exception e) {
            HANDLED.incrementAndGet();
            String reason = "cannot be deserialized: " + e;
            LOG.warn("Record {} sent to the dead-letter topic: {}", where(c), reason);
            return Response.resume(List.of(DeadLetters.producerRecord(r.key(), r.value(), r.timestamp(), r.headers(), reason)));
        }

        @Override
        public void configure(Map<String, ?> configs) {}
    }

    /** For exceptions a processor lets through. */
    public static final class Processing implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext c, Record<?, ?> record, Exception e) {
            HANDLED.incrementAndGet();
            String reason = "processing failed in " + c.processorNodeId() + ": " + e;
            LOG.error("Record {} sent to the dead-letter topic: {}", where(c), reason, e);
            return Response.resume(List.of(DeadLetters.producerRecord(c.sourceRawKey(), c.sourceRawValue(), c.timestamp(), c.headers(), reason)));
        }

        @Override
        public void configure(Map<String, ?> configs) {}
    }

    /** Skips an output record too large for its topic; anything else as Kafka's default handler. */
    public static final class Production implements ProductionExceptionHandler {
        private final DefaultProductionExceptionHandler fallback = new DefaultProductionExceptionHandler();

        @Override
        public Response handleError(ErrorHandlerContext c, ProducerRecord<byte[], byte[]> record, Exception e) {
            if (e instanceof RecordTooLargeException) {
                HANDLED.incrementAndGet();
                LOG.error("Output to {} from record {} is too large and was skipped: {}", record.topic(), where(c), e.getMessage());
                return Response.resume();
            }
            return fallback.handleError(c, record, e);
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext c, ProducerRecord record, Exception e,
                                                 SerializationExceptionOrigin origin) {
            HANDLED.incrementAndGet();
            LOG.error("Output to {} from record {} cannot be serialized and was skipped: {}", record.topic(), where(c), e.toString());
            return Response.resume();
        }

        @Override
        public void configure(Map<String, ?> configs) {
            fallback.configure(configs);
        }
    }
}
