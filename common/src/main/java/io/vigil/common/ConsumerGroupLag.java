package io.vigil.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How far a consumer group's committed positions are behind the end (last committed transaction) of its
 * topics: zero means everything on them now has been consumed and committed. Topics that do not exist count
 * as empty.
 */
public final class ConsumerGroupLag {
    private ConsumerGroupLag() {}

    public static long lag(Admin admin, String group, List<String> topics) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (var future : admin.describeTopics(topics).topicNameValues().values()) {
            try {
                TopicDescription d = future.get();
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            lag += Math.max(0, ends.get(tp).offset() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    /** Waits until the group's lag on the topics is zero; false on timeout. */
    public static boolean awaitZero(Map<String, Object> kafka, String group, List<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(kafka)) {
            while (true) {
                try {
                    if (lag(admin, group, topics) == 0) return true;
                } catch (ExecutionException e) {
                    // the group may not have committed yet; try again
                }
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(200);
            }
        }
    }
}
