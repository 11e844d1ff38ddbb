package io.vigil.notify;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumed record on its way to every target that takes it. Each target calls {@link #add()} when it
 * accepts the record and {@link #finish()} once it has delivered (or dead-lettered) it; the dispatcher holds
 * one share itself until it has offered the record to every target. When the last share finishes, the
 * record's offset may be committed.
 */
final class Delivery {
    private final AtomicInteger shares = new AtomicInteger(1);
    private final Runnable onDone;

    Delivery(Runnable onDone) {
        this.onDone = onDone;
    }

    /** A record nobody needs to wait for (e.g. a status resent by a retry). */
    static Delivery none() {
        return new Delivery(() -> {});
    }

    void add() {
        shares.incrementAndGet();
    }

    void finish() {
        if (shares.decrementAndGet() == 0) onDone.run();
    }
}
