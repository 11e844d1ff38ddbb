package io.vigil.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group (e.g. the detector's Streams application) is behind the end of a topic. */
final class GroupLag {
    private GroupLag() {}

    static long lag(Admin admin, String group, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata done = committed.get(tp);
            lag += Math.max(0, ends.get(tp).offset() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    /** Waits until the group has consumed everything on the topic; false on timeout. */
    static boolean awaitZero(Map<String, Object> kafka, String group, String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(kafka)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (lag(admin, group, topic) == 0) return true;
                } catch (ExecutionException e) {
                    // the group may not have committed yet; try again
                }
                Thread.sleep(200);
            }
        }
        return false;
    }
}
