package io.vigil.notify;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of consumed records not yet delivered everywhere, per partition. A partition's position may be
 * committed up to its lowest unfinished offset only, so that a crash redelivers what was not delivered.
 */
final class InFlightOffsets {
    private final Map<TopicPartition, ConcurrentSkipListSet<Long>> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    Delivery begin(TopicPartition tp, long offset) {
        ConcurrentSkipListSet<Long> set = open.computeIfAbsent(tp, k -> new ConcurrentSkipListSet<>());
        set.add(offset);
        total.incrementAndGet();
        return new Delivery(() -> {
            if (set.remove(offset)) total.decrementAndGet();
        });
    }

    /** The lowest offset of the partition still being delivered, or null when none is. */
    Long lowestOpen(TopicPartition tp) {
        ConcurrentSkipListSet<Long> set = open.get(tp);
        return set == null ? null : set.ceiling(Long.MIN_VALUE);
    }

    int total() {
        return total.get();
    }

    /** Partitions taken away: their open records will be redelivered to the new owner. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ConcurrentSkipListSet<Long> set = open.remove(tp);
            if (set == null) continue;
            int n = set.size();
            set.clear();
            total.addAndGet(-n);
        }
    }
}
