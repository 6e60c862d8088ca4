package io.wabridge.client.lifecycle;

import io.wabridge.client.stanza.StanzaRouter;
import java.util.concurrent.CompletableFuture;

/** One open connection as the client drives it: its router, and two ways to end it. Used on the session executor. */
public interface Link {

    StanzaRouter router();

    boolean isOpen();

    /** Ends the connection now. */
    void close(String reason);

    /** Ends it after what was written so far has gone out; completes once closed. */
    CompletableFuture<Void> closeGracefully(String reason);
}
