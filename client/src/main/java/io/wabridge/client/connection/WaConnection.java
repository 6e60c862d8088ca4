package io.wabridge.client.connection;

import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.ClientPayloadProvider;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaSender;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.transport.FrameListener;
import io.wabridge.client.transport.NoiseConnection;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.TransportConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live connection of a session: Noise transport, binary codec and stanza router put together. Frames
 * arrive on the transport's event loop and are decoded and dispatched on the session's executor; a malformed
 * frame closes this connection only. One instance per connection attempt; reconnecting makes a new one.
 */
public final class WaConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WaConnection.class);

    private static final java.time.Duration GRACEFUL_CLOSE_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final NodeCodec codec;
    private final Executor sessionExecutor;
    private final ConnectionListener listener;
    private final StanzaRouter router;
    private volatile NoiseConnection transport;
    private boolean closedReported;
    private String closeReason;

    private WaConnection(NodeCodec codec, Scheduler scheduler, Executor sessionExecutor, ConnectionListener listener) {
        this.codec = codec;
        this.sessionExecutor = sessionExecutor;
        this.listener = listener;
        this.router = new StanzaRouter(new StanzaSender() {
            @Override
            public void send(Node stanza) {
                write(stanza);
            }

            @Override
            public void sendAll(List<Node> stanzas) {
                writeAll(stanzas);
            }
        }, scheduler, sessionExecutor);
    }

    /**
     * Connects and completes the Noise handshake. The future completes on the session executor, before any
     * inbound stanza is dispatched, so the caller can register its handlers on {@link #router()} first.
     */
    public static CompletableFuture<WaConnection> open(NoiseSocketConnector connector, TransportConfig config,
                                                       X25519KeyPair noiseKey, NoiseCertificateVerifier verifier,
                                                       ClientPayloadProvider payload, Scheduler scheduler,
                                                       Executor sessionExecutor, ConnectionListener listener) {
        WaConnection connection = new WaConnection(NodeCodec.forVersion(config.dictionaryVersion()), scheduler,
                sessionExecutor, listener);
        CompletableFuture<WaConnection> opened = new CompletableFuture<>();
        connector.connect(config, noiseKey, verifier, payload, connection.frames())
                .whenComplete((transport, failure) -> sessionExecutor.execute(() -> {
                    if (failure != null) {
                        opened.completeExceptionally(failure);
                    } else {
                        connection.transport = transport;
                        opened.complete(connection);
                    }
                }));
        return opened;
    }

    public StanzaRouter router() {
        return router;
    }

    public NodeCodec codec() {
        return codec;
    }

    public boolean isOpen() {
        NoiseConnection t = transport;
        return t != null && t.isOpen() && closeReason == null;
    }

    /** Encodes and writes a stanza; fails if the connection is closed. */
    public void write(Node stanza) {
        NoiseConnection t = transport;
        if (t == null || closeReason != null) {
            throw new IllegalStateException("connection closed: " + closeReason);
        }
        t.send(codec.encode(stanza));
    }

    /** Encodes and writes stanzas in order with one flush; fails if the connection is closed. */
    public void writeAll(List<Node> stanzas) {
        NoiseConnection t = transport;
        if (t == null || closeReason != null) {
            throw new IllegalStateException("connection closed: " + closeReason);
        }
        List<byte[]> payloads = new ArrayList<>(stanzas.size());
        for (Node stanza : stanzas) {
            payloads.add(codec.encode(stanza));
        }
        t.sendAll(payloads);
    }

    /** Closes the connection; waiting iq requests fail with the reason. Runs on the session executor. */
    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        router.close(closeReason);
        NoiseConnection t = transport;
        if (t != null) {
            t.close();
        }
        reportClosed(null);
    }

    /**
     * Closes once the stanzas written so far have gone out (a WebSocket close frame follows them); waiting iq
     * requests fail with the reason. Completes when the transport is closed. Runs on the session executor.
     */
    public CompletableFuture<Void> closeGracefully(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        router.close(closeReason);
        NoiseConnection t = transport;
        CompletableFuture<Void> done = t == null ? CompletableFuture.completedFuture(null)
                : t.closeGracefully(GRACEFUL_CLOSE_TIMEOUT);
        reportClosed(null);
        return done;
    }

    private FrameListener frames() {
        return new FrameListener() {
            @Override
            public void onFrame(NoiseConnection connection, byte[] payload) {
                sessionExecutor.execute(() -> receive(payload));
            }

            @Override
            public void onClosed(NoiseConnection connection, Throwable cause) {
                sessionExecutor.execute(() -> {
                    if (closeReason == null) {
                        closeReason = cause == null ? "closed by server" : "transport failure: " + cause;
                    }
                    router.close(closeReason);
                    reportClosed(cause);
                });
            }
        };
    }

    private void receive(byte[] payload) {
        if (closeReason != null) {
            return;
        }
        Node stanza;
        try {
            stanza = codec.decode(payload);
        } catch (MalformedNodeException e) {
            LOG.warn("malformed frame ({} bytes), closing the connection: {}", payload.length, e.getMessage());
            close("malformed frame: " + e.getMessage());
            return;
        }
        router.dispatch(stanza);
    }

    private void reportClosed(Throwable cause) {
        if (!closedReported && (transport == null || !transport.isOpen() || closeReason != null)) {
            closedReported = true;
            listener.onClosed(this, closeReason, cause);
        }
    }
}
