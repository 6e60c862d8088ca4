package io.wabridge.simulator.server;

import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.simulator.transport.SimulatorConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one client connection: frames decoded in the dictionary version the client declared,
 * stanzas routed by the same router the client uses, all on this connection's own serial executor.
 */
public final class ServerSession {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);

    private final SimulatorConnection connection;
    private final NodeCodec codec;
    private final SerialExecutor executor;
    private final StanzaRouter router;
    private volatile String closeReason;

    ServerSession(SimulatorConnection connection, Scheduler scheduler, SerialExecutor executor) {
        this.connection = connection;
        this.codec = NodeCodec.forVersion(connection.dictionaryVersion());
        this.executor = executor;
        this.router = new StanzaRouter(this::send, scheduler, executor);
    }

    public SimulatorConnection connection() {
        return connection;
    }

    public StanzaRouter router() {
        return router;
    }

    public SerialExecutor executor() {
        return executor;
    }

    public int dictionaryVersion() {
        return codec.dictionaryVersion();
    }

    /** Encodes and writes a stanza to the client (silently dropped once the connection is gone). */
    public void send(Node stanza) {
        if (closeReason == null && connection.isOpen()) {
            connection.send(codec.encode(stanza));
        }
    }

    /** Sends a stanza from any thread: it is encoded and written on this connection's executor. */
    public void push(Node stanza) {
        executor.execute(() -> send(stanza));
    }

    /** Sends a final stanza (e.g. a stream error) and closes. */
    public void sendAndClose(Node last, String reason) {
        send(last);
        close(reason);
    }

    /**
     * Ends this connection the way {@code kind} says, from any thread: the stanza (if any) is sent and the socket
     * closed on this connection's executor, after whatever it is doing now.
     */
    public void terminate(StreamErrorKind kind) {
        executor.execute(() -> {
            Node last = kind.stanza();
            if (last != null) {
                send(last);
            }
            close("server sent " + kind.wireName());
        });
    }

    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        router.close(closeReason);
        connection.close();
    }

    public boolean isClosed() {
        return closeReason != null;
    }

    void receive(byte[] payload) {
        if (closeReason != null) {
            return;
        }
        Node stanza;
        try {
            stanza = codec.decode(payload);
        } catch (MalformedNodeException e) {
            LOG.warn("connection {}: malformed frame from client, closing it: {}", connection.id(), e.getMessage());
            close("malformed frame: " + e.getMessage());
            return;
        }
        router.dispatch(stanza);
    }

    void closedByTransport(Throwable cause) {
        if (closeReason == null) {
            closeReason = cause == null ? "closed by client" : "transport failure: " + cause;
        }
        router.close(closeReason);
    }
}
