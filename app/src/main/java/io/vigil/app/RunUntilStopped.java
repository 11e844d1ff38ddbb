package io.vigil.app;

import java.util.concurrent.CountDownLatch;

/** The distributed deployment runs one service per process (ingest, detector, sink), all reading the same vigil.yml. */
final class RunUntilStopped {
    private RunUntilStopped() {}

    /** Blocks until the JVM is asked to stop, then closes the service before it exits. */
    static int run(AutoCloseable service) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                closed.countDown();
            }
        }));
        closed.await();
        return 0;
    }
}
