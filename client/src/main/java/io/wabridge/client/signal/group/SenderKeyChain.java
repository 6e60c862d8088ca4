package io.wabridge.client.signal.group;

import io.wabridge.client.crypto.Hkdf;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.ratchet.RatchetCrypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sender-key schedule (old libsignal groups, message version 3): the chain key steps with HMAC-SHA256 over
 * 0x02, a message key seed is HMAC-SHA256 over 0x01, and a seed expands by HKDF (zero salt, info "WhisperGroup")
 * into 48 bytes: the 16-byte IV, then the 32-byte AES-256-CBC key. Same HMAC, HKDF and AES-CBC as the 1:1 ratchet.
 */
final class SenderKeyChain {

    static final int KEY_LENGTH = 32;
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};
    private static final byte[] GROUP_INFO = "WhisperGroup".getBytes(StandardCharsets.US_ASCII);

    private SenderKeyChain() {
    }

    static byte[] messageKeySeed(byte[] chainKey) {
        return RatchetCrypto.hmacSha256(chainKey, MESSAGE_KEY_SEED);
    }

    static byte[] nextChainKey(byte[] chainKey) {
        return RatchetCrypto.hmacSha256(chainKey, CHAIN_KEY_SEED);
    }

    /** {@code [iv (16 bytes) | cipher key (32 bytes)]} of a message key seed. */
    static byte[] messageKeyMaterial(byte[] seed) {
        return Hkdf.derive(null, seed, GROUP_INFO, 48);
    }

    static byte[] encrypt(byte[] seed, byte[] plaintext) {
        byte[] material = messageKeyMaterial(seed);
        return RatchetCrypto.aesCbcEncrypt(Arrays.copyOfRange(material, 16, 48), Arrays.copyOf(material, 16),
                plaintext);
    }

    /** The plaintext, or null when the body does not decrypt (length or padding). */
    static byte[] decrypt(byte[] seed, byte[] ciphertext) {
        byte[] material = messageKeyMaterial(seed);
        return RatchetCrypto.aesCbcDecrypt(Arrays.copyOfRange(material, 16, 48), Arrays.copyOf(material, 16),
                ciphertext);
    }

    /**
     * A signing public key in the 33-byte 0x05 form. Baileys stores (and some of its versions send) the bare
     * 32 bytes; both are accepted, as Baileys accepts them.
     */
    static byte[] normalizePublicKey(byte[] key) {
        return XEdDsa.withTypePrefix(XEdDsa.stripTypePrefix(key));
    }
}
