package io.vigil.common;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's contract: its name with the types and serdes of its keys and values, declared together in
 * {@link Topics} (in the style of kafka-streams-examples' {@code Schemas.Topic}).
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
