package io.wabridge.client.testing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.lifecycle.Link;
import io.wabridge.client.lifecycle.LinkListener;
import io.wabridge.client.lifecycle.LinkOpener;
import io.wabridge.client.lifecycle.LinkRequest;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.proto.wa.ClientPayload;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * An in-memory server for client tests: each link the client opens gets a {@link Connection} whose router plays
 * the server's part, installed by the test. Stanzas cross through the real binary codec (dictionary 3) in both
 * directions; everything runs inline on the calling thread, so with {@link VirtualTime} a test is deterministic.
 */
public final class LoopbackServer implements LinkOpener {
    private final Scheduler scheduler;
    private final NodeCodec codec = NodeCodec.forVersion(3);
    private final List<Connection> connections = new ArrayList<>();
    private Consumer<Connection> installer = c -> { };
    private int refuseNext;
    private int attempts;

    public LoopbackServer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Handlers to install on every new connection (before the client can send anything). */
    public LoopbackServer onConnect(Consumer<Connection> installer) {
        this.installer = installer;
        return this;
    }

    /** The next {@code n} connection attempts fail like a refused TCP connect. */
    public void refuseNext(int n) {
        refuseNext = n;
    }

    /** Connection attempts so far, refused ones included. */
    public int attempts() {
        return attempts;
    }

    public List<Connection> connections() {
        return connections;
    }

    public Connection last() {
        return connections.getLast();
    }

    @Override
    public CompletableFuture<Link> open(LinkRequest request, Executor sessionExecutor, LinkListener listener) {
        attempts++;
        if (refuseNext > 0) {
            refuseNext--;
            return CompletableFuture.failedFuture(new ConnectException("connection refused (test)"));
        }
        ClientPayload payload;
        try {
            payload = ClientPayload.parseFrom(request.payload().clientPayload(null));
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        Connection connection = new Connection(payload, request, sessionExecutor, listener);
        connections.add(connection);
        installer.accept(connection);
        return CompletableFuture.completedFuture(connection.clientLink);
    }

    private Node roundTrip(Node stanza) {
        try {
            return codec.decode(codec.encode(stanza));
        } catch (io.wabridge.client.binary.MalformedNodeException e) {
            throw new IllegalStateException("stanza does not survive the codec: " + stanza, e);
        }
    }

    /** The server's end of one client link. */
    public final class Connection {
        private final ClientPayload payload;
        private final LinkRequest request;
        private final SerialExecutor serverExecutor = new SerialExecutor(Runnable::run, "loopback-server");
        private final StanzaRouter serverRouter;
        private final List<Node> received = new ArrayList<>();
        private final ClientLink clientLink;
        private boolean closed;
        private String closeReason;

        Connection(ClientPayload payload, LinkRequest request, Executor clientExecutor, LinkListener listener) {
            this.payload = payload;
            this.request = request;
            this.serverRouter = new StanzaRouter(this::send, scheduler, serverExecutor);
            this.clientLink = new ClientLink(clientExecutor, listener);
        }

        public ClientPayload payload() {
            return payload;
        }

        public LinkRequest request() {
            return request;
        }

        public StanzaRouter router() {
            return serverRouter;
        }

        /** The client's router on this link (what {@link #send} dispatches to), for tests that feed it directly. */
        public StanzaRouter clientRouter() {
            return clientLink.router;
        }

        /** Every stanza the client sent on this connection, in order. */
        public List<Node> received() {
            return received;
        }

        public List<Node> received(String tag) {
            return received.stream().filter(n -> n.is(tag)).toList();
        }

        public boolean isClosed() {
            return closed;
        }

        public String closeReason() {
            return closeReason;
        }

        /** Sends a stanza to the client. */
        public void send(Node stanza) {
            if (closed) {
                return;
            }
            Node wire = roundTrip(stanza);
            clientLink.executor.execute(() -> {
                if (!closed) {
                    clientLink.router.dispatch(wire);
                }
            });
        }

        /** The server drops the connection (as a network loss or a server close looks to the client). */
        public void drop(String reason) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
            serverRouter.close(reason);
            clientLink.executor.execute(() -> {
                clientLink.router.close(reason);
                clientLink.listener.onClosed(reason, null);
            });
        }

        public void sendAndDrop(Node stanza, String reason) {
            send(stanza);
            drop(reason);
        }

        private void fromClient(Node stanza) {
            if (closed) {
                throw new IllegalStateException("connection closed: " + closeReason);
            }
            Node wire = roundTrip(stanza);
            serverExecutor.execute(() -> {
                received.add(wire);
                serverRouter.dispatch(wire);
            });
        }

        private final class ClientLink implements Link {
            final Executor executor;
            final LinkListener listener;
            final StanzaRouter router;

            ClientLink(Executor executor, LinkListener listener) {
                this.executor = executor;
                this.listener = listener;
                this.router = new StanzaRouter(Connection.this::fromClient, scheduler, executor);
            }

            @Override
            public StanzaRouter router() {
                return router;
            }

            @Override
            public boolean isOpen() {
                return !closed;
            }

            @Override
            public void close(String reason) {
                if (closed) {
                    return;
                }
                closed = true;
                closeReason = reason;
                router.close(reason);
                serverRouter.close(reason);
                listener.onClosed(reason, null);
            }

            @Override
            public CompletableFuture<Void> closeGracefully(String reason) {
                close(reason);
                return CompletableFuture.completedFuture(null);
            }
        }
    }
}
