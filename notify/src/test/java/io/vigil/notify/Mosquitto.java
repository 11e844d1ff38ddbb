package io.vigil.notify;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Mosquitto broker of this machine on 127.0.0.1:1883 (started from /etc/mosquitto/mosquitto.conf),
 * and its own client mosquitto_sub as the reference reader of retained messages.
 */
final class Mosquitto {
    static final String URL = "tcp://127.0.0.1:1883";

    private Mosquitto() {}

    static boolean listening() {
        try (Socket s = new Socket("127.0.0.1", 1883)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void ensureRunning() throws Exception {
        if (listening()) return;
        run("mosquitto", "-d", "-c", "/etc/mosquitto/mosquitto.conf");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listening()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("mosquitto did not start listening on 1883");
            Thread.sleep(100);
        }
    }

    static void stop() throws Exception {
        run("pkill", "-x", "mosquitto");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listening()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("mosquitto did not stop");
            Thread.sleep(100);
        }
    }

    /** The retained messages under a topic filter, as mosquitto_sub prints them: "topic payload" per line. */
    static List<String> retained(String filter) throws Exception {
        return retainedLines(filter, "-v");
    }

    /** The topics of the retained messages under a topic filter. */
    static List<String> retainedTopics(String filter) throws Exception {
        return retainedLines(filter, "-F", "%t");
    }

    private static List<String> retainedLines(String filter, String... format) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-t", filter,
                "--retained-only", "-W", "2"));
        command.addAll(List.of(format));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank() && !l.startsWith("Timed out")) lines.add(l);
        return lines;
    }

    /** One retained message's payload as bytes (mosquitto_sub -C 1 prints it raw). */
    static byte[] retainedBytes(String topic) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-t", topic, "-C", "1",
                "--retained-only", "-W", "2", "-N").start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
