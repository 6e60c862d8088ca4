package io.wabridge.bridge.session;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces out starts to at most {@code perSecond}: a worker taking 1,000 sessions at once connects them at a steady
 * rate instead of all in the same second (WhatsApp, MongoDB and this worker's CPU all see a storm otherwise).
 * Called from one resume thread per assignment; thread-safe.
 */
final class Pacer {
    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(int perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("resumes per second must be positive, got " + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    /** Blocks until the next start is allowed. */
    void await() throws InterruptedException {
        long at;
        synchronized (this) {
            long now = System.nanoTime();
            at = next - now > 0 ? next : now;
            next = at + intervalNanos;
        }
        long wait;
        while ((wait = at - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
