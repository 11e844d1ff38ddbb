package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.common.FrameObjects;
import io.vigil.common.Json;
import io.vigil.common.media.BoxDrawer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live view: a camera's frames from the frames topic as MJPEG with the boxes of the objects topic drawn, with a
 * consumer only while someone watches.
 */
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

    @Test
    void eachFrameShowsTheBoxesOfItsObjectsRecordEvenWhenThatComesLater() throws Exception {
        String yard = "yard-" + UUID.randomUUID().toString().substring(0, 6);
        byte[] frame = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "samples", "images", "dog.jpg"));
        BufferedImage plain = ImageIO.read(new ByteArrayInputStream(frame));
        assertThat(liveConsumers(yard)).as("no consumer while nobody watches").isZero();

        try (InputStream in = f.http.send(HttpRequest.newBuilder(f.uri("/api/cameras/" + yard + "/live.mjpeg")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            watch(yard, in, frame, plain);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> liveConsumers(yard) == 0);
        assertThat(f.getJson("/health").path("liveViewers").asInt()).isZero();
    }

    private void watch(String yard, InputStream in, byte[] frame, BufferedImage plain) throws Exception {
        Instant t0 = Instant.parse("2026-11-20T22:00:00Z");
        await().atMost(Duration.ofSeconds(10)).until(() -> liveConsumers(yard) == 1);
        // the detector's record of a frame without objects: the frame goes out as it came
        f.sendRaw(f.framesTopic, yard, frame, t0);
        f.sendRaw(f.objectsTopic, yard, Json.bytes(objects(yard, t0)), t0);
        assertThat(nextPart(in)).isEqualTo(frame);

        // the next frame's objects record comes a while after the frame (the detector's transaction commits later)
        Instant t1 = t0.plusMillis(200);
        double[] box = {100, 60, 300, 400};
        f.sendRaw(f.framesTopic, yard, frame, t1);
        Thread.sleep(300);
        f.sendRaw(f.objectsTopic, yard, Json.bytes(objects(yard, t1,
                new FrameObjects.Track("yard-1", "person", 0.81, box, FrameObjects.ACTIVE))), t1);
        byte[] part = nextPart(in);
        for (int i = 0; i < 3 && Arrays.equals(part, frame); i++) part = nextPart(in); // the first frame repeated meanwhile
        assertThat(part).as("the frame with its boxes drawn").isNotEqualTo(frame);
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(part));
        assertThat(drawn.getWidth()).isEqualTo(plain.getWidth());
        int colour = rgb(BoxDrawer.colour("person"));
        // the outline, in the label's colour, where the record says; decoded by the JDK's own JPEG reader
        int[][] outline = {{100, 230}, {300, 230}, {200, 60}, {200, 400}, {100, 380}, {300, 90}};
        for (int[] p : outline) {
            int drawnOff = distance(drawn.getRGB(p[0], p[1]), colour), plainOff = distance(plain.getRGB(p[0], p[1]), colour);
            String at = Arrays.toString(p) + ": drawn " + drawnOff + ", plain " + plainOff + " off the colour";
            assertThat(drawnOff).as("outline at %s", at).isLessThan(45);
            assertThat(plainOff).as("not that colour without the box at %s", at).isGreaterThan(60);
        }
        // inside and away from the box the picture is unchanged (up to JPEG noise)
        int[][] unchanged = {{200, 230}, {150, 300}, {500, 300}, {700, 500}, {50, 500}};
        for (int[] p : unchanged) {
            assertThat(distance(drawn.getRGB(p[0], p[1]), plain.getRGB(p[0], p[1]))).as("at %s", Arrays.toString(p)).isLessThan(40);
        }
    }

    private static FrameObjects objects(String camera, Instant t, FrameObjects.Track... tracks) {
        return new FrameObjects(camera, t, 768, 576, true, List.of(tracks));
    }

    /** The live view's Kafka consumers for the camera, by their client id, from the JMX metrics every Kafka client registers. */
    private static int liveConsumers(String camera) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("kafka.consumer:type=consumer-metrics,client-id=vigil-sink-live-" + camera), null).size();
    }

    private static int rgb(org.bytedeco.opencv.opencv_core.Scalar bgr) {
        return ((int) bgr.get(2) << 16) | ((int) bgr.get(1) << 8) | (int) bgr.get(0);
    }

    /** The largest difference of the R, G and B channels. */
    private static int distance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) d = Math.max(d, Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)));
        return d;
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
