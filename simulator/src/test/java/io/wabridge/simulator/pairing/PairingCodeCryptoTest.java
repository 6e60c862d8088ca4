package io.wabridge.simulator.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.crypto.X25519;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class PairingCodeCryptoTest {

    @Test
    void aWrappedKeyUnwrapsWithTheSameCodeOnly() {
        byte[] key = X25519.generateKeyPair().publicKey();
        byte[] wrapped = PairingCodeCrypto.wrapKey("ABCD2345", key);
        assertEquals(80, wrapped.length);
        assertArrayEquals(key, PairingCodeCrypto.unwrapKey("ABCD2345", wrapped));
        assertFalse(Arrays.equals(key, PairingCodeCrypto.unwrapKey("ABCD2346", wrapped)));
        assertFalse(Arrays.equals(Arrays.copyOfRange(wrapped, 48, 80), key), "the key is not sent in the clear");
    }

    @Test
    void theCodeKeyIsPbkdf2Sha256With131072Iterations() {
        // PBKDF2-HMAC-SHA256("password", "salt", 131072, 32) computed independently (Python hashlib).
        byte[] key = PairingCodeCrypto.codeKey("password", "salt".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("72b2d0ffe3fa9ddd067be8e38faa02910a4445ffc77369f0027653a590368df5", HexFormat.of().formatHex(key));
    }

    @Test
    void aKeyBundleOpensOnlyWithTheSameSharedSecret() throws Exception {
        byte[] shared = X25519.agree(X25519.generateKeyPair().privateKey(), X25519.generateKeyPair().publicKey());
        byte[] plaintext = new byte[96];
        Arrays.fill(plaintext, (byte) 9);
        byte[] sealed = PairingCodeCrypto.sealKeyBundle(shared, plaintext);
        assertArrayEquals(plaintext, PairingCodeCrypto.openKeyBundle(shared, sealed));
        byte[] other = shared.clone();
        other[0] ^= 1;
        assertThrows(AEADBadTagException.class, () -> PairingCodeCrypto.openKeyBundle(other, sealed));
    }

    @Test
    void typedCodesAreNormalized() {
        assertEquals("ABCD2345", PairingCodeCrypto.normalize(" abcd-2345 "));
        assertThrows(PairingException.class, () -> PairingCodeCrypto.normalize("ABCD-0345"), "0 is not in the alphabet");
        assertThrows(PairingException.class, () -> PairingCodeCrypto.normalize(null));
    }
}
