package io.wabridge.client.lifecycle;

import io.wabridge.client.connection.WaConnection;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.transport.NoiseSocketConnector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Opens {@link WaConnection}s: WebSocket, Noise handshake, binary codec, router. */
public final class NetworkLinkOpener implements LinkOpener {
    private final NoiseSocketConnector connector;
    private final Scheduler scheduler;

    public NetworkLinkOpener(NoiseSocketConnector connector, Scheduler scheduler) {
        this.connector = connector;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<Link> open(LinkRequest request, Executor sessionExecutor, LinkListener listener) {
        return WaConnection.open(connector, request.transport(), request.noiseKey(), request.verifier(),
                        request.payload(), scheduler, sessionExecutor,
                        (connection, reason, cause) -> listener.onClosed(reason, cause))
                .thenApply(ConnectionLink::new);
    }

    private record ConnectionLink(WaConnection connection) implements Link {
        @Override
        public StanzaRouter router() {
            return connection.router();
        }

        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public void close(String reason) {
            connection.close(reason);
        }

        @Override
        public CompletableFuture<Void> closeGracefully(String reason) {
            return connection.closeGracefully(reason);
        }
    }
}
