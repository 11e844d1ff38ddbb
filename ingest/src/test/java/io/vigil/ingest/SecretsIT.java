package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.broker.EmbeddedKafka;
import io.vigil.broker.TestKitCluster;
import io.vigil.common.CameraStatus;
import io.vigil.common.CameraState;
import io.vigil.common.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Camera passwords on every path out of ingest: a reachable RTSP camera with userinfo, an unreachable one
 * with the password in userinfo and query, and an HTTP "camera" serving garbage (FFmpeg/JavaCV's error
 * quotes the whole URL). Logs, status topic, status listener, /health and /metrics must not hold the password.
 */
class SecretsIT {
    static final String PASSWORD = "Xq7Sekr3t@pw";
    @TempDir Path dir;

    @Test
    void noCameraPasswordInLogsStatusHealthOrMetrics() throws Exception {
        StringBuilder output = new StringBuilder();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                synchronized (output) {
                    output.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append('\n');
                    if (e.getThrowableProxy() != null) output.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
                }
            }
        };
        capture.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);

        HttpServer garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        garbage.createContext("/", x -> {
            byte[] body = "this is no video at all".repeat(200).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        garbage.start();
        Path clip = Footage.clip(dir, "door.mp4", 4);
        List<CameraStatus> heard = new CopyOnWriteArrayList<>();
        Map<String, CameraState> last = new ConcurrentHashMap<>();
        try (RtspServer rtsp = RtspServer.start(clip, "door");
             EmbeddedKafka kafka = TestKitCluster.start(1)) {
            String reachable = rtsp.url().replace("rtsp://", "rtsp://admin:" + PASSWORD + "@");
            List<CameraSettings> cameras = List.of(
                    CameraSettings.of("door", reachable),
                    CameraSettings.of("gone", "rtsp://admin:" + PASSWORD + "@127.0.0.1:9/cam?user=admin&password=" + PASSWORD),
                    CameraSettings.of("junk", "http://127.0.0.1:" + garbage.getAddress().getPort() + "/video.cgi?user=admin&pwd=" + PASSWORD));
            HttpClient http = HttpClient.newHttpClient();
            String healthBody;
            String metricsBody;
            try (IngestService ingest = IngestService.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                    .cameras(cameras).backoff(Duration.ofMillis(500), Duration.ofSeconds(1))
                    .onStatus(s -> {
                        heard.add(s);
                        if (s.state() != null) last.put(s.camera(), s.state());
                    }).start();
                 IngestHttp server = new IngestHttp(ingest, cameras, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start(0)) {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    assertThat(last).containsEntry("door", CameraState.ONLINE);
                    assertThat(last.get("gone")).isNotNull().isNotEqualTo(CameraState.ONLINE);
                    assertThat(last.get("junk")).isNotNull().isNotEqualTo(CameraState.ONLINE);
                });
                String base = "http://127.0.0.1:" + server.port();
                try (IngestHttp guarded = new IngestHttp(ingest, cameras, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        io.vigil.common.ApiToken.of("ingest-token")).start(0)) {
                    URI health = URI.create("http://127.0.0.1:" + guarded.port() + "/health");
                    String open = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(open).as("/health without the token: status only").contains("UP").doesNotContain("door");
                    String full = http.send(HttpRequest.newBuilder(health).header("Authorization", "bearer ingest-token").build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(full).as("/health with the token").contains("door").doesNotContain(PASSWORD);
                }
                healthBody = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
                metricsBody = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            StringBuilder topic = new StringBuilder();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "secrets-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of(Topics.CAMERA_STATUS));
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int n = 0;
                while (System.nanoTime() < deadline && n < heard.size()) {
                    for (var r : c.poll(Duration.ofMillis(300))) {
                        topic.append(r.key()).append(' ').append(r.value()).append('\n');
                        n++;
                    }
                }
            }
            root.detachAppender(capture);
            String statuses = heard.toString() + cameras;
            System.out.println("secrets check: " + output.length() + " chars of log, " + heard.size() + " statuses, "
                    + topic.length() + " chars of status topic; errors seen: "
                    + heard.stream().map(CameraStatus::error).filter(e -> e != null).distinct().toList());
            assertThat(statuses).as("the errors say what went wrong").contains("gone").contains("junk");
            assertThat(topic.toString()).as("status topic").isNotEmpty().doesNotContain(PASSWORD).doesNotContain("Sekr3t");
            assertThat(output.toString()).as("logs").doesNotContain(PASSWORD).doesNotContain("Sekr3t");
            assertThat(statuses).as("statuses").doesNotContain(PASSWORD).doesNotContain("Sekr3t");
            assertThat(healthBody).as("/health").contains("door").doesNotContain(PASSWORD).doesNotContain("Sekr3t");
            assertThat(metricsBody).as("/metrics").doesNotContain(PASSWORD).doesNotContain("Sekr3t");
        } finally {
            garbage.stop(0);
            root.detachAppender(capture);
        }
    }
}
