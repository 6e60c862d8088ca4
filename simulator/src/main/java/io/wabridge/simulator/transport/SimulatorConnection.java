package io.wabridge.simulator.transport;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/** One client connected to the simulator, after its Noise handshake. {@link #send} is thread-safe. */
public final class SimulatorConnection {

    private final long id;
    private final Channel channel;
    private final int dictionaryVersion;
    private final byte[] routingInfo;
    private final String origin;
    private final byte[] clientStaticKey;
    private final byte[] clientPayload;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    SimulatorConnection(long id, Channel channel, int dictionaryVersion, byte[] routingInfo, String origin,
                        byte[] clientStaticKey, byte[] clientPayload) {
        this.id = id;
        this.channel = channel;
        this.dictionaryVersion = dictionaryVersion;
        this.routingInfo = routingInfo;
        this.origin = origin;
        this.clientStaticKey = clientStaticKey;
        this.clientPayload = clientPayload;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    public long id() {
        return id;
    }

    /** The binary-node dictionary version the client declared in its WA header (answer in this version). */
    public int dictionaryVersion() {
        return dictionaryVersion;
    }

    /** Edge routing info the client presented, or null. */
    public byte[] routingInfo() {
        return routingInfo == null ? null : routingInfo.clone();
    }

    /** The Origin header of the WebSocket upgrade, or null. */
    public String origin() {
        return origin;
    }

    /** The client's static Noise public key (identifies a paired device across connections). */
    public byte[] clientStaticKey() {
        return clientStaticKey.clone();
    }

    /** The serialized ClientPayload from the ClientFinish. */
    public byte[] clientPayload() {
        return clientPayload.clone();
    }

    /** Encrypts and sends one frame payload. */
    public void send(byte[] payload) {
        channel.writeAndFlush(payload, channel.voidPromise());
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public void close() {
        channel.close();
    }
}
