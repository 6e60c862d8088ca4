package io.wabridge.client.noise;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.proto.wa.HandshakeMessage;

/**
 * The server side of WhatsApp's Noise XX handshake (used by the simulator). It answers the ClientHello
 * with its ephemeral, its encrypted static key and the encrypted certificate chain, then reads the
 * ClientFinish. One instance per connection; each step may run once, in order.
 */
public final class NoiseXXResponder {

    private enum Step { NEW, HELLO_SENT, DONE }

    private final X25519KeyPair staticKeyPair;
    private final byte[] certChain;
    private final SymmetricState state = new SymmetricState(NoiseProtocol.XX_PROTOCOL_NAME);
    private final X25519KeyPair ephemeral;
    private Step step = Step.NEW;

    /**
     * @param staticKeyPair the server's static Noise key (the leaf certificate's key)
     * @param certChain     the serialized CertChain sent to the client
     * @param prologue      the WA header the client sent (it carries the dictionary version)
     */
    public NoiseXXResponder(X25519KeyPair staticKeyPair, byte[] certChain, byte[] prologue) {
        this.staticKeyPair = staticKeyPair;
        this.certChain = certChain;
        this.ephemeral = X25519.generateKeyPair();
        state.mixHash(prologue);
    }

    /** {@code -> e} then {@code <- e, ee, s, es}: returns the serialized ServerHello. */
    public byte[] readClientHello(byte[] message) {
        if (step != Step.NEW) {
            throw new HandshakeOutOfOrderException("ClientHello not allowed in state " + step);
        }
        HandshakeMessage parsed = NoiseXXInitiator.parse(message);
        if (!parsed.hasClientHello()) {
            throw new HandshakeOutOfOrderException("expected ClientHello, got " + NoiseXXInitiator.describe(parsed));
        }
        byte[] clientEphemeral = NoiseXXInitiator.exactKey(parsed.getClientHello().getEphemeral(), "client ephemeral");
        state.mixHash(clientEphemeral);

        state.mixHash(ephemeral.publicKey());
        state.mixKey(NoiseXXInitiator.dh(ephemeral.privateKey(), clientEphemeral));
        byte[] encryptedStatic = state.encryptAndHash(staticKeyPair.publicKey());
        state.mixKey(NoiseXXInitiator.dh(staticKeyPair.privateKey(), clientEphemeral));
        byte[] encryptedCerts = state.encryptAndHash(certChain);
        step = Step.HELLO_SENT;
        return HandshakeMessage.newBuilder()
                .setServerHello(HandshakeMessage.ServerHello.newBuilder()
                        .setEphemeral(ByteString.copyFrom(ephemeral.publicKey()))
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedCerts)))
                .build()
                .toByteArray();
    }

    /** {@code -> s, se}: decrypts the client's static key and its ClientPayload, and splits. */
    public Result readClientFinish(byte[] message) {
        if (step != Step.HELLO_SENT) {
            throw new HandshakeOutOfOrderException("ClientFinish not allowed in state " + step);
        }
        HandshakeMessage parsed = NoiseXXInitiator.parse(message);
        if (!parsed.hasClientFinish()) {
            throw new HandshakeOutOfOrderException("expected ClientFinish, got " + NoiseXXInitiator.describe(parsed));
        }
        HandshakeMessage.ClientFinish finish = parsed.getClientFinish();
        if (!finish.hasStatic() || !finish.hasPayload()) {
            throw new MalformedHandshakeException("ClientFinish lacks static or payload");
        }
        byte[] clientStatic = state.decryptAndHash(finish.getStatic().toByteArray(), "client static key");
        if (clientStatic.length != X25519.KEY_LENGTH) {
            throw new MalformedHandshakeException("client static key is " + clientStatic.length + " bytes");
        }
        state.mixKey(NoiseXXInitiator.dh(ephemeral.privateKey(), clientStatic));
        byte[] clientPayload = state.decryptAndHash(finish.getPayload().toByteArray(), "client payload");
        step = Step.DONE;
        return new Result(clientStatic, clientPayload, TransportCipherPair.forResponder(state.split()));
    }

    /** What the client proved and sent, and the server's ciphers. */
    public record Result(byte[] clientStaticKey, byte[] clientPayload, TransportCipherPair ciphers) {
    }
}
