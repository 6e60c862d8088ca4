package io.wabridge.client.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.proto.wa.CertChain;
import io.wabridge.proto.wa.HandshakeMessage;

/**
 * The client side of Noise_XX_25519_AESGCM_SHA256 as WhatsApp runs it:
 * {@code -> e}, {@code <- e, ee, s, es (+ cert chain)}, {@code -> s, se (+ ClientPayload)}.
 * One instance per connection attempt; each step may run once, in order.
 */
public final class NoiseXXInitiator {

    private enum Step { NEW, HELLO_SENT, SERVER_VERIFIED, DONE }

    private final X25519KeyPair staticKeyPair;
    private final NoiseCertificateVerifier verifier;
    private final SymmetricState state = new SymmetricState(NoiseProtocol.XX_PROTOCOL_NAME);
    private final X25519KeyPair ephemeral;
    private byte[] serverEphemeral;
    private Step step = Step.NEW;

    /**
     * @param staticKeyPair the client's long-term Noise key
     * @param prologue      the WA header the client sends before its first frame
     * @param verifier      trust anchor and clock for the server's certificate chain
     */
    public NoiseXXInitiator(X25519KeyPair staticKeyPair, byte[] prologue, NoiseCertificateVerifier verifier) {
        this(staticKeyPair, prologue, verifier, X25519.generateKeyPair());
    }

    NoiseXXInitiator(X25519KeyPair staticKeyPair, byte[] prologue, NoiseCertificateVerifier verifier, X25519KeyPair ephemeral) {
        this.staticKeyPair = staticKeyPair;
        this.verifier = verifier;
        this.ephemeral = ephemeral;
        state.mixHash(prologue);
    }

    /** {@code -> e}: the serialized HandshakeMessage{clientHello{ephemeral}}. */
    public byte[] writeClientHello() {
        expect(Step.NEW, "ClientHello");
        state.mixHash(ephemeral.publicKey());
        step = Step.HELLO_SENT;
        return HandshakeMessage.newBuilder()
                .setClientHello(HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(ephemeral.publicKey())))
                .build()
                .toByteArray();
    }

    /**
     * {@code <- e, ee, s, es}: reads the ServerHello, decrypts the server static key and the certificate
     * chain, and verifies the chain for that key.
     */
    public ServerIdentity readServerHello(byte[] message) {
        expect(Step.HELLO_SENT, "ServerHello");
        HandshakeMessage parsed = parse(message);
        if (!parsed.hasServerHello()) {
            throw new HandshakeOutOfOrderException("expected ServerHello, got " + describe(parsed));
        }
        HandshakeMessage.ServerHello hello = parsed.getServerHello();
        if (!hello.hasEphemeral() || !hello.hasStatic() || !hello.hasPayload()) {
            throw new MalformedHandshakeException("ServerHello lacks ephemeral, static or payload");
        }
        serverEphemeral = exactKey(hello.getEphemeral(), "server ephemeral");
        state.mixHash(serverEphemeral);
        state.mixKey(dh(ephemeral.privateKey(), serverEphemeral));

        byte[] serverStatic = state.decryptAndHash(hello.getStatic().toByteArray(), "server static key");
        if (serverStatic.length != X25519.KEY_LENGTH) {
            throw new MalformedHandshakeException("server static key is " + serverStatic.length + " bytes");
        }
        state.mixKey(dh(ephemeral.privateKey(), serverStatic));

        byte[] certChain = state.decryptAndHash(hello.getPayload().toByteArray(), "certificate chain");
        CertChain.NoiseCertificate.Details leaf = verifier.verify(certChain, serverStatic);
        step = Step.SERVER_VERIFIED;
        return new ServerIdentity(serverStatic, leaf);
    }

    /** Convenience for callers that build the payload from the verified server identity. */
    public Result writeClientFinish(ServerIdentity server, ClientPayloadProvider payload) {
        return writeClientFinish(payload.clientPayload(server));
    }

    /**
     * {@code -> s, se}: encrypts our static key and the serialized ClientPayload, then splits into the
     * transport ciphers.
     */
    public Result writeClientFinish(byte[] clientPayload) {
        expect(Step.SERVER_VERIFIED, "ClientFinish");
        byte[] encryptedStatic = state.encryptAndHash(staticKeyPair.publicKey());
        state.mixKey(dh(staticKeyPair.privateKey(), serverEphemeral));
        byte[] encryptedPayload = state.encryptAndHash(clientPayload);
        step = Step.DONE;
        byte[] message = HandshakeMessage.newBuilder()
                .setClientFinish(HandshakeMessage.ClientFinish.newBuilder()
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedPayload)))
                .build()
                .toByteArray();
        return new Result(message, TransportCipherPair.forInitiator(state.split()));
    }

    /** The ClientFinish message to send and the ciphers for everything after it. */
    public record Result(byte[] clientFinish, TransportCipherPair ciphers) {
    }

    private void expect(Step expected, String what) {
        if (step != expected) {
            throw new HandshakeOutOfOrderException(what + " not allowed in state " + step);
        }
    }

    static HandshakeMessage parse(byte[] message) {
        try {
            return HandshakeMessage.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedHandshakeException("handshake message does not parse", e);
        }
    }

    static String describe(HandshakeMessage message) {
        if (message.hasClientHello()) {
            return "ClientHello";
        }
        if (message.hasServerHello()) {
            return "ServerHello";
        }
        return message.hasClientFinish() ? "ClientFinish" : "an empty message";
    }

    /** X25519 with a peer-supplied key; a low-order point is a malformed handshake, not a crash. */
    static byte[] dh(byte[] privateKey, byte[] publicKey) {
        try {
            return X25519.agree(privateKey, publicKey);
        } catch (IllegalArgumentException e) {
            throw new MalformedHandshakeException("peer key rejected by X25519", e);
        }
    }

    static byte[] exactKey(ByteString key, String what) {
        if (key.size() != X25519.KEY_LENGTH) {
            throw new MalformedHandshakeException(what + " is " + key.size() + " bytes, expected 32");
        }
        return key.toByteArray();
    }
}
