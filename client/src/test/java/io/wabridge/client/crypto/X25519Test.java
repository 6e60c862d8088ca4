package io.wabridge.client.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

class X25519Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** RFC 7748 §6.1. */
    @Test
    void rfc7748DiffieHellmanVector() {
        byte[] alicePrivate = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(alicePublic, X25519.publicKey(alicePrivate));
        assertArrayEquals(bobPublic, X25519.publicKey(bobPrivate));
        assertArrayEquals(shared, X25519.agree(alicePrivate, bobPublic));
        assertArrayEquals(shared, X25519.agree(bobPrivate, alicePublic));
    }

    /** RFC 7748 §5.2 first vector: a public u with the top bit set must be masked. */
    @Test
    void rfc7748ScalarMultVectorWithHighBitSet() {
        byte[] scalar = hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        assertArrayEquals(hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"), X25519.agree(scalar, u));
    }

    @Test
    void interoperatesWithLibsignalKeys() throws Exception {
        ECKeyPair signal = Curve.generateKeyPair();
        X25519KeyPair ours = X25519.generateKeyPair();
        byte[] signalPublic = signal.getPublicKey().getPublicKeyBytes();
        assertArrayEquals(signalPublic, X25519.publicKey(signal.getPrivateKey().serialize()));
        assertArrayEquals(Curve.calculateAgreement(
                        org.signal.libsignal.protocol.ecc.ECPublicKey.fromPublicKeyBytes(ours.publicKey()), signal.getPrivateKey()),
                X25519.agree(ours.privateKey(), signalPublic));
    }

    @Test
    void convertsToAndFromJdkKeys() throws Exception {
        java.security.KeyPair jdk = java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
        byte[] rawPrivate = X25519.rawPrivateKey((java.security.interfaces.XECPrivateKey) jdk.getPrivate());
        byte[] rawPublic = X25519.rawPublicKey((java.security.interfaces.XECPublicKey) jdk.getPublic());
        assertArrayEquals(rawPublic, X25519.publicKey(rawPrivate));

        X25519KeyPair ours = X25519.generateKeyPair();
        javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("XDH");
        agreement.init(jdk.getPrivate());
        agreement.doPhase(X25519.toJdkPublicKey(ours.publicKey()), true);
        assertArrayEquals(X25519.agree(ours.privateKey(), rawPublic), agreement.generateSecret());
        assertArrayEquals(ours.publicKey(), X25519.rawPublicKey(X25519.toJdkPublicKey(ours.publicKey())));
        assertArrayEquals(ours.privateKey(), X25519.rawPrivateKey(X25519.toJdkPrivateKey(ours.privateKey())));
    }

    @Test
    void rejectsWrongSizesAndLowOrderPoints() {
        assertThrows(IllegalArgumentException.class, () -> X25519.agree(new byte[31], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> X25519.agree(X25519.generateKeyPair().privateKey(), new byte[32]));
    }
}
