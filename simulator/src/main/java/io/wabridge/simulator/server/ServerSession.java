package io.wabridge.simulator.server;

import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.simulator.transport.SimulatorConnection;
import java.time.Duration;
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
    private final Scheduler scheduler;
    private volatile String closeReason;

    ServerSession(SimulatorConnection connection, Scheduler scheduler, SerialExecutor executor) {
        this.connection = connection;
        this.scheduler = scheduler;
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

    /**
     * Sends a final stanza (a stream error, a login failure) and stops reading; the socket is closed when the
     * client closes it or after {@link #FINAL_STANZA_GRACE}. Closing at once would race the client: Baileys
     * decodes frames asynchronously, so a socket close can overtake the stanza that explains it (a 515 then
     * looks like a dropped connection, 428).
     */
    public void sendAndClose(Node last, String reason) {
        send(last);
        if (closeReason == null) {
            closeReason = reason;
        }
        router.close(closeReason);
        Scheduler.Cancellable timer = scheduler.schedule(connection::close, FINAL_STANZA_GRACE);
        connection.closeFuture().thenRun(timer::cancel);
    }

    /** How long the server waits for the client to hang up after a final stanza before it closes itself. */
    static final Duration FINAL_STANZA_GRACE = Duration.ofMillis(250);

    /**
     * Ends this connection the way {@code kind} says, from any thread: the stanza (if any) is sent and the socket
     * closed on this connection's executor, after whatever it is doing now.
     */
    public void terminate(StreamErrorKind kind) {
        executor.execute(() -> {
            Node last = kind.stanza();
            if (last == null) {
                close("server sent " + kind.wireName());
            } else {
                sendAndClose(last, "server sent " + kind.wireName());
            }
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
