package io.wabridge.bridge.protection;

/**
 * This worker already runs {@code wabridge.limits.max-sessions} sessions: another one is not started here (a connect
 * fails with {@code SESSION_LIMIT}; a session to resume stays registered and waits for a worker with room).
 */
public final class SessionLimitException extends RuntimeException {

    public SessionLimitException(int running, int max) {
        super("this worker runs " + running + " sessions, its limit (wabridge.limits.max-sessions) is " + max
                + "; add workers or partitions, or raise the limit if the machine has room");
    }
}
