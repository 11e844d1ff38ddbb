#!/usr/bin/env bash
# Proves the README's test command on a fresh machine: a Debian 12 container (the debootstrap base of
# docker/offline-images.sh) with only git, JDK 17 and Maven, into which the repository's HEAD is cloned;
# then ./test.sh runs there as root, installing what it needs itself. The host's CA certificates are
# mounted read-only for HTTPS to Maven Central and npm (MAVEN_OPTS / NODE_EXTRA_CA_CERTS point at them).
# Without --privileged the container has no Docker engine: there the Testcontainers tests and the
# deployment test skip, saying so (they run on the host, see docker/deployment-test.sh).
#
#   docker/fresh-machine-test.sh [ARGS for ./test.sh, default --no-deployment]
set -euo pipefail
cd "$(dirname "$0")/.."
image=vigil-offline/fresh-debian:12
docker/offline-images.sh --stand-ins > /dev/null
if ! docker image inspect "$image" > /dev/null 2>&1; then
  printf 'FROM vigil-offline/debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends git openjdk-17-jdk-headless maven && rm -rf /var/lib/apt/lists/*\n' \
    | docker build -q -t "$image" - > /dev/null
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
git bundle create -q "$work/vigil.bundle" HEAD
start=$SECONDS
set +e
docker run --rm --shm-size=1g -v "$work:/in:ro" -v /etc/ssl/certs:/host-certs:ro \
  -e MAVEN_OPTS=-Djavax.net.ssl.trustStore=/host-certs/java/cacerts -e NODE_EXTRA_CA_CERTS=/host-certs/ca-certificates.crt \
  "$image" bash -c "git -c advice.detachedHead=false clone -q /in/vigil.bundle /root/vigil && cd /root/vigil && ./test.sh ${*:---no-deployment}"
rc=$?
set -e
echo "fresh-machine-test: ./test.sh ${*:---no-deployment} exited $rc after $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
exit $rc
