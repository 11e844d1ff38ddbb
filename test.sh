#!/usr/bin/env bash
# The test command (README): runs Vigil's whole test suite, then the distributed deployment test, on a
# Debian 12 machine that has only git, JDK 17 and Maven. As root it installs (apt-get) and starts what the
# tests need; otherwise it names what is missing and how to get it.
#
#   ./test.sh                 mvn -B -ntp verify, a smoke run of `./vigil detect`, docker/deployment-test.sh
#   ./test.sh --no-deployment the same without the deployment test
#
# What the tests use: ffmpeg (reference decoder), GStreamer's RTSP server (a real RTSP camera), Chromium and
# chromedriver (the web page), Node.js and npm (the model fetch and TF.js as the converter's reference),
# PostgreSQL on 127.0.0.1:5432 (database `test`, user postgres), Docker and docker-compose (Testcontainers,
# docker-compose.yml, the deployment test), Mosquitto on 127.0.0.1:1883 with its clients and openssl (notify). Without a Docker engine those tests skip, saying why.
set -euo pipefail
cd "$(dirname "$0")"
deployment=true
[ "${1:-}" = --no-deployment ] && deployment=false
log() { printf '[test.sh] %s\n' "$*"; }
root=false; [ "$(id -u)" = 0 ] && root=true
export DEBIAN_FRONTEND=noninteractive

# command -> Debian package providing it
declare -A package=(
  [ffmpeg]=ffmpeg [ffprobe]=ffmpeg [chromium]=chromium [chromedriver]=chromium-driver
  [node]=nodejs [npm]=npm [docker]=docker.io [dockerd]=docker.io [docker-compose]=docker-compose
  [debootstrap]=debootstrap [curl]=curl [pg_ctlcluster]=postgresql
  [mosquitto]=mosquitto [mosquitto_sub]=mosquitto-clients [openssl]=openssl
)
missing=()
for cmd in "${!package[@]}"; do command -v "$cmd" > /dev/null || missing+=("${package[$cmd]}"); done
/usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' 2> /dev/null \
  || missing+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav)
if [ ${#missing[@]} -gt 0 ]; then
  missing=($(printf '%s\n' "${missing[@]}" | sort -u))
  if $root; then
    log "installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  else
    log "missing: ${missing[*]}"
    log "install them with:  sudo apt-get install --no-install-recommends ${missing[*]}   (or run ./test.sh as root)"
    exit 1
  fi
fi

# PostgreSQL for the sink's tests: Debian's server on 127.0.0.1:5432 with a database `test` that user postgres
# reaches without a password from 127.0.0.1 only.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  $root || { log "no PostgreSQL on 127.0.0.1:5432: run as root, or start one with a database 'test' that user postgres reaches from 127.0.0.1 without a password"; exit 1; }
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  [ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main > /dev/null
  hba=/etc/postgresql/$version/main/pg_hba.conf
  grep -q '^host test postgres 127.0.0.1/32 trust' "$hba" || sed -i '1i host test postgres 127.0.0.1/32 trust' "$hba"
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb test"
fi

# Mosquitto on 127.0.0.1:1883 for the notify tests (a real MQTT broker).
if ! pgrep -x mosquitto > /dev/null; then
  $root || { log "no Mosquitto running: run as root, or start one on 127.0.0.1:1883 (mosquitto -d)"; exit 1; }
  log "starting Mosquitto"
  mkdir -p /run/mosquitto && chown mosquitto /run/mosquitto 2> /dev/null || true
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
fi

# A Docker engine for Testcontainers and the deployment test, if one can run here.
if ! docker info > /dev/null 2>&1 && $root; then
  log "starting dockerd (log: target/dockerd.log)"
  mkdir -p target
  (dockerd > target/dockerd.log 2>&1 &)
  for _ in $(seq 30); do docker info > /dev/null 2>&1 && break; sleep 1; done
fi
docker_engine=false
if docker info > /dev/null 2>&1; then
  docker_engine=true
  # The images the tests use, built without Docker Hub where none can be pulled (fast when they exist).
  docker/offline-images.sh --stand-ins
else
  log "no Docker engine here (see target/dockerd.log): the Testcontainers tests and the deployment test skip"
fi

# Testcontainers without Ryuk and its start-up checks: their images (testcontainers/ryuk, alpine) cannot be pulled
# on an air-gapped machine; the tests stop their own containers.
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
log "mvn -B -ntp verify"
mvn -B -ntp verify
log "./vigil detect samples/images/dog.jpg"
./vigil detect samples/images/dog.jpg
if $deployment && $docker_engine; then
  docker/deployment-test.sh
elif $deployment; then
  log "deployment test skipped: no Docker engine"
fi
log "all tests passed"
