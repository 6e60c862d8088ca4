package io.wabridge.client.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.store.KeyPair;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

class SignalKeysTest {

    @Test
    void rawAndPrefixedFormsConvertBothWays() {
        ECKeyPair pair = Curve.generateKeyPair();
        byte[] prefixed = pair.getPublicKey().serialize();
        assertEquals(33, prefixed.length);
        byte[] raw = SignalKeys.raw(prefixed);
        assertEquals(32, raw.length);
        assertArrayEquals(prefixed, SignalKeys.prefixed(raw));
        assertArrayEquals(raw, SignalKeys.raw(pair.getPublicKey()));
        assertEquals(pair.getPublicKey(), SignalKeys.publicKey(raw));
        assertEquals(pair.getPublicKey(), SignalKeys.publicKey(prefixed));
    }

    @Test
    void malformedKeysAreRejected() {
        assertThrows(MalformedKeyException.class, () -> SignalKeys.prefixed(new byte[31]));
        assertThrows(MalformedKeyException.class, () -> SignalKeys.raw(new byte[33]), "33 bytes without 0x05");
        assertThrows(MalformedKeyException.class, () -> SignalKeys.publicKey(new byte[34]));
        assertThrows(MalformedKeyException.class, () -> SignalKeys.privateKey(new byte[16]));
        assertThrows(MalformedKeyException.class, () -> SignalKeys.raw((byte[]) null));
    }

    @Test
    void ourKeyPairBecomesALibsignalIdentityThatSignsVerifiably() {
        IdentityKeyPair generated = IdentityKeyPair.generate();
        KeyPair ours = new KeyPair(SignalKeys.raw(generated.getPublicKey()), generated.getPrivateKey().serialize());
        IdentityKeyPair converted = SignalKeys.identityKeyPair(ours);
        assertEquals(generated.getPublicKey(), converted.getPublicKey());
        byte[] message = {1, 2, 3};
        byte[] signature = converted.getPrivateKey().calculateSignature(message);
        assertTrue(XEdDsa.verify(ours.publicKey(), message, signature));
        assertEquals(ours, SignalKeys.toKeyPair(SignalKeys.keyPair(ours)));
    }
}
