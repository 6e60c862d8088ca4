package io.wabridge.testkit.cluster;

/**
 * One session as a worker's {@code GET /sessions} lists it.
 *
 * @param state   the connection state's wire name ({@code open}, {@code connecting}, {@code closed}, ...)
 * @param desired what its owner asked for last, or null
 */
public record WorkerSession(String id, String state, String desired, int partition) {

    public boolean open() {
        return "open".equals(state);
    }
}
