package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The sink's HTTP API as an attacker and a browser meet it, over real HTTP, with an API token set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkHttpSecurityIT {
    private static final String TOKEN = "tok-" + java.util.UUID.randomUUID();
    private TestDatabase db;
    private SinkFixture f;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.sqlite();
        f = new SinkFixture(db.jdbcUrl(), TOKEN);
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
        if (db != null) db.close();
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(10));
        if (header != null) r.header(header, value);
        return f.http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTokenIsNeededAndBearerMatchesInAnyCase() throws Exception {
        assertThat(get("/api/alerts", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/alerts", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        for (String scheme : List.of("Bearer", "bearer", "BEARER")) {
            assertThat(get("/api/alerts", "Authorization", scheme + " " + TOKEN).statusCode()).as(scheme).isEqualTo(200);
        }
    }

    @Test
    void theQueryFormIsOnlyForSnapshotsAndLiveEvents() throws Exception {
        String q = "access_token=" + SinkFixture.enc(TOKEN);
        assertThat(get("/api/alerts?" + q, null, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/cameras?" + q, null, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/alerts/none/snapshot.jpg?" + q, null, null).statusCode()).isEqualTo(404);
        HttpResponse<java.io.InputStream> events = f.http.send(HttpRequest.newBuilder(f.uri("/api/events?" + q)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        events.body().close();
    }

    @Test
    void thePageLogsInOnceAndThenUsesAnHttpOnlyCookie() throws Exception {
        HttpResponse<String> login = f.http.send(HttpRequest.newBuilder(f.uri("/api/login"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(get("/api/alerts", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = f.http.send(HttpRequest.newBuilder(f.uri("/api/login"))
                .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void everyResponseIsNosniffAndSnapshotsAreNotStored() throws Exception {
        for (String path : List.of("/", "/app.js", "/health", "/metrics", "/api/alerts", "/api/nothing")) {
            assertThat(get(path, "Authorization", "Bearer " + TOKEN).headers().firstValue("X-Content-Type-Options"))
                    .as(path).contains("nosniff");
        }
        assertThat(get("/api/alerts", null, null).headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        io.vigil.common.Alert a = SinkFixture.newAlert("sec-1", "gate", "person", Instant.now().minusSeconds(60));
        f.send(a);
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 0, 0, (byte) 0xFF, (byte) 0xD9};
        f.sendRaw(f.config.snapshotsTopic(), a.id(), jpeg);
        f.awaitStored();
        HttpResponse<String> snap = get("/api/alerts/sec-1/snapshot.jpg", "Authorization", "Bearer " + TOKEN);
        assertThat(snap.statusCode()).isEqualTo(200);
        assertThat(snap.headers().firstValue("Cache-Control")).contains("private, no-store");
    }

    @Test
    void outOfRangeParametersAre400Not500() throws Exception {
        for (String q : List.of("from=%2B999999999-12-31T23:59:59Z", "to=-999999999-01-01T00:00:00Z",
                "from=%2B10000-01-01T00:00:00Z", "limit=99999999999999", "cursor=" + java.util.Base64.getUrlEncoder()
                        .encodeToString("99999999999999999999|x".getBytes(StandardCharsets.UTF_8)))) {
            HttpResponse<String> r = get("/api/alerts?" + q, "Authorization", "Bearer " + TOKEN);
            assertThat(r.statusCode()).as(q + ": " + r.body()).isEqualTo(400);
        }
        String edge = "cursor=" + java.util.Base64.getUrlEncoder().encodeToString("9223372036854775807|x".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/api/alerts?" + edge, "Authorization", "Bearer " + TOKEN).statusCode()).as("a cursor at the end of time").isLessThan(500);
    }

    @Test
    void healthIsNotRunningBeforeTheConsumerHasReachedKafka() throws Exception {
        try (TestDatabase other = TestDatabase.sqlite();
             SinkService sink = new SinkService(SinkSettings.ofJdbcUrl(Map.of("bootstrap.servers", "127.0.0.1:1"), other.jdbcUrl()).withHttpPort(0)).start()) {
            Thread.sleep(1500);
            HttpResponse<String> health = f.http.send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + sink.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"consumer\":\"STOPPED\"");
        }
    }

    @Test
    void theSinkListensOnLoopbackOnlyByDefault() throws Exception {
        java.net.InetAddress outside = null;
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) outside = a;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address beyond loopback");
        assertThat(f.config.httpHost()).isEqualTo("127.0.0.1");
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", f.sink.port()), 2000); // reachable here
        }
        java.net.InetAddress address = outside;
        assertThatThrownBy(() -> {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(address, f.sink.port()), 2000);
            }
        }).as("not reachable at %s", outside).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aBlankTokenIsAConfigErrorNotAuthOff() {
        assertThatThrownBy(() -> f.config.withApiToken("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api_token");
    }
}
