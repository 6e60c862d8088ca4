package io.wabridge.client.stanza;

import java.time.Duration;

/**
 * Runs a task after a delay. One scheduler (a few threads) serves every session of a JVM; what a task does to
 * session state it hands to the session's executor. Tests inject a manual scheduler to move time by hand.
 */
public interface Scheduler {

    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task that may still be called off. */
    interface Cancellable {
        void cancel();
    }
}
