package io.wabridge.client.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.proto.wa.HandshakeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {

    private static final byte[] PROLOGUE = {'W', 'A', 6, 3};
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final NoiseCertificateAuthority ca = NoiseCertificateAuthority.generate();
    private final X25519KeyPair serverStatic = X25519.generateKeyPair();
    private final X25519KeyPair clientStatic = X25519.generateKeyPair();
    private final byte[] chain = ca.issue(serverStatic.publicKey(), NOW, Duration.ofDays(30)).toByteArray();
    private final NoiseCertificateVerifier verifier =
            new NoiseCertificateVerifier(ca.rootPublicKey(), Clock.fixed(NOW, ZoneOffset.UTC));

    private NoiseXXInitiator initiator() {
        return new NoiseXXInitiator(clientStatic, PROLOGUE, verifier);
    }

    private NoiseXXResponder responder() {
        return new NoiseXXResponder(serverStatic, chain, PROLOGUE);
    }

    @Test
    void initiatorAndResponderAgreeAndExchangeFramesBothWays() {
        NoiseXXInitiator client = initiator();
        NoiseXXResponder server = responder();
        byte[] serverHello = server.readClientHello(client.writeClientHello());
        ServerIdentity identity = client.readServerHello(serverHello);
        assertArrayEquals(serverStatic.publicKey(), identity.staticPublicKey());
        assertEquals(2, identity.leaf().getSerial());

        byte[] payload = "client payload".getBytes();
        NoiseXXInitiator.Result finished = client.writeClientFinish(identity, server1 -> payload);
        NoiseXXResponder.Result accepted = server.readClientFinish(finished.clientFinish());
        assertArrayEquals(payload, accepted.clientPayload());
        assertArrayEquals(clientStatic.publicKey(), accepted.clientStaticKey());

        TransportCipherPair c = finished.ciphers();
        TransportCipherPair s = accepted.ciphers();
        for (int i = 0; i < 3; i++) {
            byte[] up = ("up " + i).getBytes();
            assertArrayEquals(up, s.receiver().decrypt(c.sender().encrypt(up)));
            byte[] down = ("down " + i).getBytes();
            assertArrayEquals(down, c.receiver().decrypt(s.sender().encrypt(down)));
        }
        assertEquals(3, c.sender().counter());
        assertEquals(3, s.receiver().counter());
    }

    @Test
    void directionsUseDifferentKeys() {
        NoiseXXInitiator client = initiator();
        NoiseXXResponder server = responder();
        client.readServerHello(server.readClientHello(client.writeClientHello()));
        NoiseXXInitiator.Result finished = client.writeClientFinish(new byte[0]);
        server.readClientFinish(finished.clientFinish());
        byte[] frame = finished.ciphers().sender().encrypt(new byte[] {1});
        // The client's own receiver (server->client key) must not accept a client->server frame.
        assertThrows(NoiseDecryptException.class, () -> finished.ciphers().receiver().decrypt(frame));
    }

    @Test
    void prologueMismatchFailsAuthentication() {
        NoiseXXInitiator client = initiator();
        NoiseXXResponder server = new NoiseXXResponder(serverStatic, chain, new byte[] {'W', 'A', 6, 2});
        byte[] hello = server.readClientHello(client.writeClientHello());
        assertThrows(NoiseDecryptException.class, () -> client.readServerHello(hello));
    }

    @Test
    void tamperedServerHelloIsABadTag() {
        NoiseXXInitiator client = initiator();
        HandshakeMessage hello = parse(responder().readClientHello(client.writeClientHello()));
        byte[] encryptedStatic = hello.getServerHello().getStatic().toByteArray();
        encryptedStatic[5] ^= 1;
        byte[] tampered = hello.toBuilder()
                .setServerHello(hello.getServerHello().toBuilder().setStatic(ByteString.copyFrom(encryptedStatic)))
                .build().toByteArray();
        assertThrows(NoiseDecryptException.class, () -> client.readServerHello(tampered));
    }

    @Test
    void tamperedClientFinishIsABadTag() {
        NoiseXXInitiator client = initiator();
        NoiseXXResponder server = responder();
        client.readServerHello(server.readClientHello(client.writeClientHello()));
        HandshakeMessage finish = parse(client.writeClientFinish(new byte[] {1, 2, 3}).clientFinish());
        byte[] payload = finish.getClientFinish().getPayload().toByteArray();
        payload[0] ^= 1;
        byte[] tampered = finish.toBuilder()
                .setClientFinish(finish.getClientFinish().toBuilder().setPayload(ByteString.copyFrom(payload)))
                .build().toByteArray();
        assertThrows(NoiseDecryptException.class, () -> server.readClientFinish(tampered));
    }

    @Test
    void stepsOutOfOrderAreRejected() {
        NoiseXXInitiator client = initiator();
        assertThrows(HandshakeOutOfOrderException.class, () -> client.writeClientFinish(new byte[0]));
        assertThrows(HandshakeOutOfOrderException.class, () -> client.readServerHello(new byte[0]));
        byte[] clientHello = client.writeClientHello();
        assertThrows(HandshakeOutOfOrderException.class, client::writeClientHello);

        NoiseXXResponder server = responder();
        assertThrows(HandshakeOutOfOrderException.class, () -> server.readClientFinish(clientHello));
        byte[] serverHello = server.readClientHello(clientHello);
        // A ClientHello where a ClientFinish belongs, and a ServerHello sent to the server.
        assertThrows(HandshakeOutOfOrderException.class, () -> server.readClientHello(clientHello));
        assertThrows(HandshakeOutOfOrderException.class, () -> server.readClientFinish(serverHello));
        // The client gets its own ClientHello back instead of a ServerHello.
        assertThrows(HandshakeOutOfOrderException.class, () -> client.readServerHello(clientHello));
    }

    @Test
    void garbageAndShortKeysAreMalformed() {
        assertThrows(MalformedHandshakeException.class, () -> responder().readClientHello(new byte[] {(byte) 0xff, 1, 2}));
        byte[] shortKey = HandshakeMessage.newBuilder()
                .setClientHello(HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(new byte[31])))
                .build().toByteArray();
        assertThrows(MalformedHandshakeException.class, () -> responder().readClientHello(shortKey));
        byte[] lowOrder = HandshakeMessage.newBuilder()
                .setClientHello(HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(new byte[32])))
                .build().toByteArray();
        assertThrows(MalformedHandshakeException.class, () -> responder().readClientHello(lowOrder));
    }

    private static HandshakeMessage parse(byte[] bytes) {
        return NoiseXXInitiator.parse(bytes);
    }
}
