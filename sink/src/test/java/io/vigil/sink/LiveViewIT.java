package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The live view: a camera's frames from the frames topic as MJPEG, with a consumer only while someone watches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveViewIT {
    private TestDatabase database;
    private SinkFixture f;
    private final String cam = "hall-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.sqlite();
        f = new SinkFixture(database.jdbcUrl(), null);
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
        if (database != null) database.close();
    }

    @Test
    void aViewerGetsTheCamerasLatestFramesAndNothingRunsWithoutOne() throws Exception {
        byte[] older, latest, other;
        try (InputStream a = getClass().getResourceAsStream("/images/person.jpg")) {
            older = a.readAllBytes();
        }
        latest = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "samples", "images", "dog.jpg"));
        other = older;
        f.sendRaw(f.framesTopic, cam, older);
        f.sendRaw(f.framesTopic, cam, latest);
        f.sendRaw(f.framesTopic, "other-" + cam, other);
        assertThat(f.getJson("/health").path("liveViewers").asInt()).isZero();

        HttpResponse<InputStream> r = f.http.send(HttpRequest.newBuilder(f.uri("/api/cameras/" + cam + "/live.mjpeg")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("multipart/x-mixed-replace");
        InputStream in = r.body();
        byte[] first = nextPart(in);
        // the viewer starts with the newest frame of its camera, never another camera's
        assertThat(first).isEqualTo(latest);
        assertThat(f.getJson("/health").path("liveViewers").asInt()).isEqualTo(1);
        f.sendRaw(f.framesTopic, "other-" + cam, other);
        f.sendRaw(f.framesTopic, cam, older);
        byte[] next = nextPart(in);
        if (java.util.Arrays.equals(next, latest)) next = nextPart(in); // the latest frame repeated while nothing new came
        assertThat(next).isEqualTo(older);
        in.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.getJson("/health").path("liveViewers").asInt() == 0);
    }

    /** Reads one part of the multipart stream: headers up to the blank line, then Content-Length bytes. */
    private static byte[] nextPart(InputStream in) throws Exception {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (!header.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("stream ended").isNotNegative();
            header.write(b);
        }
        String text = header.toString(StandardCharsets.US_ASCII);
        assertThat(text).contains("--vigilframe").contains("Content-Type: image/jpeg");
        int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        byte[] jpeg = in.readNBytes(length);
        in.readNBytes(2);
        return jpeg;
    }
}
