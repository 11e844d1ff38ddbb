package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.common.ApiToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector's /api follows the sink's token rule (real HTTP; the Streams app need not run for that). */
class DetectorHttpTokenTest {
    @TempDir Path state;

    @Test
    void trackedObjectsNeedTheTokenWhenOneIsSet() throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "token-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        KafkaStreams streams = new KafkaStreams(DetectorTopology.build(TestSettings.detector(), null, new DetectorStats()), p);
        HttpClient http = HttpClient.newHttpClient();
        try (DetectorHttp server = new DetectorHttp(streams, new HostInfo("127.0.0.1", 1),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ApiToken.of("det-token")).start("127.0.0.1", 0)) {
            URI objects = URI.create("http://127.0.0.1:" + server.port() + "/api/cameras/door/objects");
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(objects).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(objects + "?access_token=det-token")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("no query form here").isEqualTo(401);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(objects).header("Authorization", "BEARER det-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as("past the token check (the stream is not started)").isNotEqualTo(401);
        } finally {
            streams.close(Duration.ofSeconds(5));
        }
    }
}
