package io.wabridge.bridge.lease;

import java.time.Instant;

/** What an attempt to take a session's lease found. */
public sealed interface LeaseAttempt {

    /**
     * Taken: this worker runs the session under {@code lease}. {@code takenOver}: from an owner that never released
     * it (crashed, paused, cut off), which may still be running: claim the session's state before using it.
     */
    record Acquired(Lease lease, boolean takenOver) implements LeaseAttempt {
    }

    /** Another worker holds it until {@code expiresAt} unless it releases or renews it first. */
    record HeldElsewhere(String owner, Instant expiresAt) implements LeaseAttempt {
    }
}
