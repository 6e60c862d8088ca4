package io.wabridge.client.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Opens links. {@link NetworkLinkOpener} is the real one (Noise over WebSocket); tests may supply an in-memory
 * one. The future completes on the session executor, before any inbound stanza is dispatched.
 */
@FunctionalInterface
public interface LinkOpener {
    CompletableFuture<Link> open(LinkRequest request, Executor sessionExecutor, LinkListener listener);
}
