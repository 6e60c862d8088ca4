package io.wabridge.bridge.lease;

import java.time.Instant;

/** What an attempt to take a session's lease found. */
public sealed interface LeaseAttempt {

    /** Taken: this worker runs the session under {@code lease}. */
    record Acquired(Lease lease) implements LeaseAttempt {
    }

    /** Another worker holds it until {@code expiresAt} unless it releases or renews it first. */
    record HeldElsewhere(String owner, Instant expiresAt) implements LeaseAttempt {
    }
}
