package io.wabridge.bridge.lease;

/**
 * The right of one worker to run one session, until it loses it. {@code epoch} grows with every acquisition by
 * anyone, so a write tagged with it can be refused once a newer owner wrote (fencing).
 */
public record Lease(String sessionId, long epoch) {
}
