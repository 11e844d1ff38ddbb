#!/usr/bin/env bash
# The distributed deployment, really run (docker-compose.yml): brings it up, waits for the first alerts, then
#   1. docker kill the detector that runs cam1: the other one takes over, alerts keep coming;
#   2. docker kill a broker: the pipeline carries on with 2 of 3;
#   3. restarts PostgreSQL: the sink recovers;
# and finally compares every alert event on vigil.alerts, as Kafka's own console consumer reads it
# (read_committed), with what the sink stored in PostgreSQL: none may be lost (a seq missing on the topic or
# in the database) or duplicated (an (id, seq) twice on the topic or in the database).
# Prints the figures, exits non-zero if anything is lost or doubled, and always ends with `docker-compose down -v`.
#
#   docker/deployment-test.sh     (builds missing images first with docker/offline-images.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-vigil-deploytest}
compose() { docker-compose -f docker-compose.yml "$@"; }
log() { printf '[deployment-test %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now_ms() { date +%s%3N; }
die() { { log "FAILED: $*"; curl -sS http://127.0.0.1:8080/health; echo; compose ps || true; for s in ingest detector-1 detector-2 sink; do compose logs --tail 30 "$s" || true; done; } >&2; exit 1; }

docker/offline-images.sh
trap 'log "docker-compose down -v"; compose down -v --remove-orphans > /dev/null 2>&1 || true' EXIT
compose down -v --remove-orphans > /dev/null 2>&1 || true

sql() { compose exec -T postgres psql -U vigil -d vigil -qAt -v ON_ERROR_STOP=1 "$@"; }
stored() { sql -c "SELECT count(*) FROM alert_events" 2>/dev/null || echo 0; }
# wait_for SECONDS WHAT COMMAND...: polls every 2 s until COMMAND succeeds.
wait_for() {
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@" > /dev/null 2>&1; do [ $SECONDS -lt $end ] || die "$what not within ${limit} s"; sleep 2; done
}
# cam1's inference count on the detector published on 127.0.0.1:PORT (0 if it has none).
cam1_frames() {
  curl -fsS "http://127.0.0.1:$1/metrics" 2>/dev/null | awk -F' ' '/^vigil_detector_inference_seconds_count\{.*camera="cam1"/ {n=$2} END {printf "%d\n", n+0}'
}

log "docker-compose up -d"
t0=$(now_ms)
compose up -d
wait_for 420 "first alert stored in PostgreSQL" bash -c "[ \"\$(docker-compose exec -T postgres psql -U vigil -d vigil -qAt -c 'SELECT count(*) FROM alerts' 2>/dev/null)\" -gt 0 ]"
first_alert_s=$(( ($(now_ms) - t0) / 1000 ))
log "first alert after ${first_alert_s} s (from docker-compose up)"
curl -fsS http://127.0.0.1:8080/api/alerts?limit=1 | grep -q '"id"' || die "the sink's API on 127.0.0.1:8080 lists no alert"
curl -fsS http://127.0.0.1:8080/ | grep -qi '<html' || die "no web page on http://127.0.0.1:8080/"
sleep 10

# 1. The detector that runs cam1 dies.
if [ "$(cam1_frames 8081)" -ge "$(cam1_frames 8091)" ]; then victim=detector-1 survivor_port=8091; else victim=detector-2 survivor_port=8081; fi
before=$(cam1_frames $survivor_port)
log "docker kill $victim (runs cam1; the survivor has processed $before cam1 frames)"
t_kill=$(now_ms)
docker kill "$(compose ps -q $victim)" > /dev/null
wait_for 120 "the surviving detector processing cam1" bash -c "[ \$(curl -fsS http://127.0.0.1:$survivor_port/metrics | awk '/^vigil_detector_inference_seconds_count\\{.*camera=\"cam1\"/ {n=\$2} END {printf \"%d\", n+0}') -gt $before ]"
takeover_s=$(awk "BEGIN {printf \"%.1f\", ($(now_ms) - $t_kill) / 1000}")
log "takeover: the survivor processes cam1 frames ${takeover_s} s after the kill"
wait_for 120 "a cam1 alert event stored after the kill" bash -c "[ \"\$(docker-compose exec -T postgres psql -U vigil -d vigil -qAt -c \"SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.camera = 'cam1' AND e.stored_at > $t_kill\")\" -gt 0 ]"
log "alerts keep coming: cam1 events stored after the kill"
compose start $victim > /dev/null

# resumed WHAT SINCE_MS: waits (up to 180 s) for an alert event stored after SINCE_MS; prints the seconds it took.
resumed() {
  wait_for 180 "an alert event stored after $1" bash -c "[ \"\$(docker-compose exec -T postgres psql -U vigil -d vigil -qAt -c 'SELECT count(*) FROM alert_events WHERE stored_at > $2')\" -gt 0 ]"
  awk "BEGIN {printf \"%.1f\", ($(now_ms) - $2) / 1000}"
}

# 2. A broker dies: partition leaders and transaction coordinators move, the detectors' producers are fenced
#    and their tasks migrate; the pipeline resumes on 2 of 3 brokers.
log "docker kill kafka-2 (stored events so far: $(stored))"
t_broker=$(now_ms)
docker kill "$(compose ps -q kafka-2)" > /dev/null
broker_resume_s=$(resumed "the broker was killed" "$t_broker")
log "with 2 of 3 brokers: events stored again ${broker_resume_s} s after the kill"
compose start kafka-2 > /dev/null

# 3. PostgreSQL restarts.
log "docker-compose restart postgres"
t_pg=$(now_ms)
compose restart postgres > /dev/null
pg_resume_s=$(resumed "PostgreSQL restarted" "$t_pg")
log "sink recovered: events stored again ${pg_resume_s} s after the restart began"
sleep 10

# Drain: stop the frames, then the detectors (a clean stop commits their last transaction), so that the topic
# is final; the sink must then have stored exactly what is on it.
compose stop ingest > /dev/null
sleep 10
compose stop detector-1 detector-2 > /dev/null
topic_dump=$(mktemp); trap 'rm -f "$topic_dump"; log "docker-compose down -v"; compose down -v --remove-orphans > /dev/null 2>&1 || true' EXIT
compose exec -T kafka-1 kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic vigil.alerts \
  --from-beginning --isolation-level read_committed --timeout-ms 20000 2> /dev/null | grep "^{" > "$topic_dump" || true
end=$((SECONDS + 120))   # the sink catches up (the comparison below says what is missing if it does not)
while [ "$(stored)" -lt "$(grep -c . "$topic_dump")" ] && [ $SECONDS -lt $end ]; do sleep 3; done
on_topic=$(grep -c . "$topic_dump")
# Load the topic's events into a temporary table next to the stored ones and compare with SQL.
report=$( { echo "CREATE TEMP TABLE topic (j jsonb); COPY topic (j) FROM STDIN WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');"
            cat "$topic_dump"; echo '\.'
            cat <<'SQL'
CREATE TEMP VIEW t AS SELECT j->>'id' AS id, (j->>'seq')::int AS seq FROM topic;
SELECT 'topic_duplicates', (SELECT count(*) FROM t) - (SELECT count(*) FROM (SELECT DISTINCT id, seq FROM t) d);
SELECT 'topic_seq_gaps', coalesce(sum(max_seq + 1 - n), 0) FROM (SELECT id, max(seq) AS max_seq, count(DISTINCT seq) AS n FROM t GROUP BY id) g;
SELECT 'missing_in_db', count(*) FROM (SELECT DISTINCT id, seq FROM t) d WHERE NOT EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = d.id AND e.seq = d.seq);
SELECT 'db_not_on_topic', count(*) FROM alert_events e WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = e.alert_id AND t.seq = e.seq);
SELECT 'db_duplicates', (SELECT count(*) FROM alert_events) - (SELECT count(*) FROM (SELECT DISTINCT alert_id, seq FROM alert_events) d);
SELECT 'alerts', count(*) FROM alerts;
SQL
          } | sql -F ' ')
get() { awk -v k="$1" '$1 == k {print $2}' <<< "$report"; }
lost=$(( $(get topic_seq_gaps) + $(get missing_in_db) ))
duplicated=$(( $(get topic_duplicates) + $(get db_duplicates) ))
log "alert events on vigil.alerts: $on_topic; stored: $(stored); alerts: $(get alerts)"
echo "time to first alert: ${first_alert_s} s"
echo "detector takeover: ${takeover_s} s"
echo "events stored again after a broker was killed: ${broker_resume_s} s; after PostgreSQL restarted: ${pg_resume_s} s"
echo "alert events lost: $lost (seq gaps on the topic $(get topic_seq_gaps), not stored $(get missing_in_db))"
echo "alert events duplicated: $duplicated (on the topic $(get topic_duplicates), in PostgreSQL $(get db_duplicates))"
[ "$(get db_not_on_topic)" -eq 0 ] || die "$(get db_not_on_topic) stored events are not on the topic"
[ "$on_topic" -gt 0 ] || die "no alert event on vigil.alerts"
[ "$lost" -eq 0 ] && [ "$duplicated" -eq 0 ] || die "lost $lost, duplicated $duplicated"
log "PASSED"
