#!/usr/bin/env bash
# Builds every image that docker-compose.yml and the Testcontainers tests use, without Docker Hub:
# from a Debian 12 base made with debootstrap, Debian packages and Maven Central only. The stand-ins are
# tagged with the public names the files use, so `docker-compose up` then runs with no registry at all
# (an air-gapped site needs only a Debian mirror and Maven Central, or mirrors of them).
#
#   docker/offline-images.sh            build what is missing (an image that exists is kept: fast when all do;
#                                       vigil:latest is rebuilt when the sources changed)
#   docker/offline-images.sh --vigil    also rebuild the Vigil images (after changing the sources)
#   docker/offline-images.sh --stand-ins only the stand-ins of public images (what Testcontainers needs)
#
# Needs: a running Docker engine; root and debootstrap for the base image (only the first time); Maven.
# MIRROR (default: the first URI of /etc/apt/sources.list.d/debian.sources, else deb.debian.org) is the
# Debian mirror; the build stage trusts this machine's CA certificates (/etc/ssl/certs) for HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=vigil-offline/debian:bookworm
KAFKA=apache/kafka:4.3.1
POSTGRES=postgres:15
JRE=eclipse-temurin:17-jre
MAVEN=maven:3.9-eclipse-temurin-17
SLIM=debian:bookworm-slim
TINY=alpine:3.17
MOSQUITTO=eclipse-mosquitto:2
rebuild_vigil=false vigil_images=true
[ "${1:-}" = --vigil ] && rebuild_vigil=true
[ "${1:-}" = --stand-ins ] && vigil_images=false

command -v docker > /dev/null || { echo "offline-images: no docker client (apt-get install docker.io)" >&2; exit 1; }
docker info > /dev/null 2>&1 || { echo "offline-images: no Docker engine running (start dockerd)" >&2; exit 1; }

exists() { docker image inspect "$1" > /dev/null 2>&1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# build TAG CONTEXT [extra tags...]: docker build unless TAG exists.
build() {
  local tag=$1 context=$2; shift 2
  if exists "$tag"; then echo "offline-images: $tag exists"; return; fi
  echo "offline-images: building $tag"
  local start=$SECONDS
  docker build -q -t "$tag" "$context" > /dev/null
  for extra in "$@"; do exists "$extra" || docker tag "$tag" "$extra"; done
  echo "offline-images: built $tag in $((SECONDS - start)) s"
}

if ! exists "$BASE"; then
  [ "$(id -u)" = 0 ] || { echo "offline-images: the base image needs root (debootstrap)" >&2; exit 1; }
  command -v debootstrap > /dev/null || { echo "offline-images: apt-get install debootstrap" >&2; exit 1; }
  mirror=${MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "offline-images: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | docker import - "$BASE" > /dev/null
  rm -rf "$work/rootfs"
fi
exists "$SLIM" || docker tag "$BASE" "$SLIM"
# Testcontainers runs its "tiny image" (a shell command: is file mounting supported?) before containers with mounts.
exists "$TINY" || docker tag "$BASE" "$TINY"

build vigil-offline/jre:17 docker/offline/jre "$JRE"
if ! exists "$MAVEN"; then
  cp -r docker/offline/maven "$work/maven"
  mkdir -p "$work/maven/certs/java"
  cp -L /etc/ssl/certs/ca-certificates.crt "$work/maven/certs/"
  cp -L /etc/ssl/certs/java/cacerts "$work/maven/certs/java/"
  build "$MAVEN" "$work/maven"
fi
if ! exists "$KAFKA"; then
  cp -r docker/offline/kafka "$work/kafka"
  mvn -B -ntp -q -f "$work/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/kafka/libs"
  build "$KAFKA" "$work/kafka"
fi
build "$POSTGRES" docker/offline/postgres
# The optional MQTT broker of docker-compose.yml (profile mqtt).
$vigil_images && build "$MOSQUITTO" docker/offline/mosquitto

# The project's own images, from the same Dockerfiles a user with Docker Hub builds.
$vigil_images || exit 0
if $rebuild_vigil || ! exists vigil-camera:latest; then exists vigil-camera:latest && docker rmi -f vigil-camera:latest > /dev/null; build vigil-camera:latest docker/camera; fi
# The vigil image is labelled with a hash of the sources it was built from, so an image left by an older
# checkout is rebuilt instead of silently testing old code.
source_hash=$( { git ls-files -s; git diff HEAD; } 2> /dev/null | sha256sum | cut -c1-16)
built_from=$(docker image inspect -f '{{index .Config.Labels "vigil.source"}}' vigil:latest 2> /dev/null || true)
if $rebuild_vigil || [ "$built_from" != "$source_hash" ]; then
  echo "offline-images: building vigil:latest (Maven build and model conversion: several minutes the first time)"
  start=$SECONDS
  docker build -q --label "vigil.source=$source_hash" -t vigil:latest "$ROOT" > /dev/null
  echo "offline-images: built vigil:latest in $((SECONDS - start)) s"
fi
echo "offline-images: done: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^($KAFKA|$POSTGRES|vigil:latest|vigil-camera:latest)$" | sort | tr '\n' ' ')"
