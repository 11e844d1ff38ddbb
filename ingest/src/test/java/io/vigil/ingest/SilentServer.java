package io.vigil.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host that accepts TCP connections and never answers: a camera whose RTSP server has hung. */
final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) accepted.add(socket.accept());
            } catch (IOException closed) {
                // close() ends the loop
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "rtsp://127.0.0.1:" + socket.getLocalPort() + "/stream";
    }

    int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) s.close();
    }
}
