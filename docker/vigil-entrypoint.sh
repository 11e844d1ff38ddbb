#!/bin/sh
# The `vigil` command inside the image. JAVA_OPTS adds JVM options (e.g. -Xmx2g).
exec java ${JAVA_OPTS:-} -Dai.djl.offline=true -Dvigil.home=/opt/vigil -Dvigil.model.cache=/opt/vigil/models \
  -jar /opt/vigil/vigil.jar "$@"
