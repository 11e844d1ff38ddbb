#!/bin/sh
# Runs a Kafka class with every jar of /opt/kafka/libs. KAFKA_HEAP_OPTS and KAFKA_OPTS as in Kafka's own scripts.
class="$1"; shift
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} -Dlogback.configurationFile=/opt/kafka/config/logback.xml \
  -cp '/opt/kafka/libs/*' "$class" "$@"
