package io.wabridge.client.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

class XEdDsaTest {

    private final byte[] message = "details".getBytes();

    @Test
    void signsWithOurKeysAndVerifiesRawOrPrefixed() {
        X25519KeyPair pair = X25519.generateKeyPair();
        byte[] signature = XEdDsa.sign(pair.privateKey(), message);
        assertEquals(64, signature.length);
        assertTrue(XEdDsa.verify(pair.publicKey(), message, signature));
        assertTrue(XEdDsa.verify(XEdDsa.withTypePrefix(pair.publicKey()), message, signature));
        assertFalse(XEdDsa.verify(X25519.generateKeyPair().publicKey(), message, signature));
        byte[] altered = message.clone();
        altered[0] ^= 1;
        assertFalse(XEdDsa.verify(pair.publicKey(), altered, signature));
        assertFalse(XEdDsa.verify(pair.publicKey(), message, new byte[10]));
        assertFalse(XEdDsa.verify(new byte[7], message, signature));
    }

    @Test
    void verifiesSignaturesMadeByLibsignalDirectly() {
        ECKeyPair signal = Curve.generateKeyPair();
        byte[] signature = signal.getPrivateKey().calculateSignature(message);
        assertTrue(XEdDsa.verify(signal.getPublicKey().serialize(), message, signature));
        assertTrue(XEdDsa.verify(signal.getPublicKey().getPublicKeyBytes(), message, signature));
    }

    @Test
    void prefixRoundTrip() {
        byte[] raw = X25519.generateKeyPair().publicKey();
        byte[] prefixed = XEdDsa.withTypePrefix(raw);
        assertEquals(0x05, prefixed[0]);
        assertArrayEquals(raw, XEdDsa.stripTypePrefix(prefixed));
    }
}
