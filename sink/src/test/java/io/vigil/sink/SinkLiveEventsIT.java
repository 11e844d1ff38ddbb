package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live events carry ids, and a client that reconnects with Last-Event-ID gets what it missed. */
class SinkLiveEventsIT {

    /** An open /api/events stream whose lines arrive in a queue. */
    private static final class Stream implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final HttpResponse<InputStream> response;

        Stream(SinkFixture f, String lastEventId) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(f.uri("/api/events")).header("Accept", "text/event-stream");
            if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
            response = f.http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (Exception e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("stream open").isNotNull();
        }

        /** The id of the event whose data holds {@code text}, waiting up to 15 s. */
        String idOf(String text) throws InterruptedException {
            String id = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(500, TimeUnit.MILLISECONDS);
                if (line == null) continue;
                if (line.startsWith("id:")) id = line.substring(3).trim();
                if (line.startsWith("data:") && line.contains(text)) return id;
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    @Test
    void aReconnectingClientResumesFromLastEventId() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(); SinkFixture f = new SinkFixture(db.jdbcUrl(), null)) {
            Instant t = Instant.now().minusSeconds(120);
            Alert first = SinkFixture.newAlert("live-1", "porch", "person", t);
            Alert missed = SinkFixture.newAlert("live-2", "porch", "dog", t.plusSeconds(5));
            String firstId;
            try (Stream s = new Stream(f, null)) {
                f.send(first);
                firstId = s.idOf("live-1");
                assertThat(firstId).as("the event has an id").isNotBlank();
                // a second client stays connected while the first goes away
                try (Stream other = new Stream(f, null)) {
                    s.close();
                    f.send(missed);
                    assertThat(other.idOf("live-2")).isNotNull();
                }
            }
            try (Stream resumed = new Stream(f, firstId)) {
                String id = resumed.idOf("live-2");
                assertThat(id).as("the missed alert is replayed on reconnect").isNotNull();
                assertThat(Long.parseLong(id)).isGreaterThan(Long.parseLong(firstId));
            }
        }
    }
}
