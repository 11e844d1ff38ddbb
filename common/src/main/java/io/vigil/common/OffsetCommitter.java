package io.vigil.common;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * Commits a consumer's offsets only for partitions whose offset moved since its last commit, and keeps
 * going when a commit fails (the records are then delivered again after a restart; consumers are idempotent).
 */
public final class OffsetCommitter {
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Logger log;
    private final String onFailure;

    /** @param onFailure what a failed commit means for this consumer, logged with the error */
    public OffsetCommitter(Logger log, String onFailure) {
        this.log = log;
        this.onFailure = onFailure;
    }

    /** @param upTo the offset to commit for an assigned partition; null while it is not known */
    public void commit(Consumer<?, ?> c, Function<TopicPartition, Long> upTo) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            Long offset = upTo.apply(tp);
            if (offset != null && !offset.equals(committed.get(tp))) offsets.put(tp, new OffsetAndMetadata(offset));
        }
        if (offsets.isEmpty()) return;
        try {
            c.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Offset commit failed, {}: {}", onFailure, e.toString());
        }
    }

    /** The consumer's position in an assigned partition (also past transaction markers), or null while unknown. */
    public static Long position(Consumer<?, ?> c, TopicPartition tp) {
        try {
            return c.position(tp, Duration.ZERO);
        } catch (KafkaException e) {
            return null;
        }
    }

    /** An offset committed elsewhere (for example the starting point on assignment). */
    public void committed(TopicPartition tp, long offset) {
        committed.put(tp, offset);
    }

    /** Partitions this consumer no longer owns. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }
}
