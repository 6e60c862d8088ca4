package io.wabridge.client.connection;

/** What a {@link WaConnection} reports to its session; called on the session's executor. */
public interface ConnectionListener {

    /**
     * The connection ended. {@code reason} says why (e.g. "closed by client", "malformed frame: ...",
     * "keepalive timeout", the transport failure); {@code cause} is null for an orderly close.
     */
    void onClosed(WaConnection connection, String reason, Throwable cause);
}
