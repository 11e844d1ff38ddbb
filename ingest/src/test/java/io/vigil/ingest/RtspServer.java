package io.vigil.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server on 127.0.0.1: GStreamer's RTSP server driven by src/test/resources/rtsp_server.py
 * with Debian's python3-gi, serving an H.264 MP4 (each client gets it from the start).
 * Kill it, freeze it (SIGSTOP) and start it again to play a camera that drops out.
 */
final class RtspServer implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src", "test", "resources", "rtsp_server.py").toAbsolutePath();
    private final Path file;
    private final int port;
    private final String mount;
    private Process process;

    private RtspServer(Path file, int port, String mount) {
        this.file = file;
        this.port = port;
        this.mount = mount;
    }

    static RtspServer start(Path file, String mount) {
        RtspServer server = new RtspServer(file, freePort(), mount);
        server.start();
        return server;
    }

    String url() {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    /** Starts (again) on the same port; returns when it listens. */
    void start() {
        try {
            process = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), file.toString(), Integer.toString(port), mount)
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("READY")) seen.append(line).append('\n');
            if (line == null) {
                throw new IllegalStateException("RTSP server did not start (apt-get install gir1.2-gst-rtsp-server-1.0 python3-gi"
                        + " gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav):\n" + seen);
            }
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(Writer.nullWriter());
                } catch (IOException ignored) {
                    // the server was killed
                }
            }, "rtsp-server-output");
            drain.setDaemon(true);
            drain.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server process (SIGKILL), as when a camera loses power: its sockets close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing arrives, as with a hung camera. */
    void freeze() {
        signal("STOP");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
