package io.wabridge.client.appstate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MACs and the value cipher of app-state mutations (whatsmeow appstate/hash.go, Baileys chat-utils.ts):
 * <ul>
 * <li>index MAC = HMAC-SHA256(indexKey, index JSON)</li>
 * <li>value blob = IV(16) || AES-256-CBC(valueEncryptionKey, SyncActionData) || value MAC(32)</li>
 * <li>value MAC = HMAC-SHA512(valueMacKey, opByte || keyId || IV||ciphertext || uint64BE(len(keyId)+1))[0:32],
 *     opByte 1 for SET, 2 for REMOVE</li>
 * <li>snapshot MAC = HMAC-SHA256(snapshotMacKey, LTHash || uint64BE(version) || collection name)</li>
 * <li>patch MAC = HMAC-SHA256(patchMacKey, snapshot MAC || value MACs… || uint64BE(version) || collection name)</li>
 * </ul>
 */
public final class SyncdCrypto {

    public static final int VALUE_MAC_LENGTH = 32;
    public static final int IV_LENGTH = 16;

    private SyncdCrypto() {
    }

    public static byte[] indexMac(MutationKeys keys, byte[] indexJson) {
        return hmac("HmacSHA256", keys.indexKey(), indexJson);
    }

    /** {@code set}: the SET operation (else REMOVE); {@code ivAndCiphertext}: the value blob without its MAC. */
    public static byte[] valueMac(MutationKeys keys, boolean set, byte[] ivAndCiphertext, byte[] keyId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(keys.valueMacKey(), "HmacSHA512"));
            mac.update((byte) (set ? 1 : 2));
            mac.update(keyId);
            mac.update(ivAndCiphertext);
            mac.update(ByteBuffer.allocate(8).putLong(keyId.length + 1L).array());
            return Arrays.copyOf(mac.doFinal(), VALUE_MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable", e);
        }
    }

    public static byte[] snapshotMac(MutationKeys keys, byte[] ltHash, long version, String collection) {
        return hmac("HmacSHA256", keys.snapshotMacKey(), ltHash, uint64(version), utf8(collection));
    }

    public static byte[] patchMac(MutationKeys keys, byte[] snapshotMac, List<byte[]> valueMacs, long version, String collection) {
        byte[][] parts = new byte[valueMacs.size() + 3][];
        parts[0] = snapshotMac;
        for (int i = 0; i < valueMacs.size(); i++) {
            parts[i + 1] = valueMacs.get(i);
        }
        parts[parts.length - 2] = uint64(version);
        parts[parts.length - 1] = utf8(collection);
        return hmac("HmacSHA256", keys.patchMacKey(), parts);
    }

    /** IV || AES-256-CBC/PKCS#7(valueEncryptionKey, plaintext). */
    public static byte[] encryptValue(MutationKeys keys, byte[] iv, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.valueEncryptionKey(), "AES"), new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(iv, IV_LENGTH + ct.length);
            System.arraycopy(ct, 0, out, IV_LENGTH, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC unavailable", e);
        }
    }

    /** Decrypts IV || ciphertext; a bad padding or length is a {@link GeneralSecurityException}. */
    public static byte[] decryptValue(MutationKeys keys, byte[] ivAndCiphertext) throws GeneralSecurityException {
        if (ivAndCiphertext.length < IV_LENGTH + 16 || (ivAndCiphertext.length - IV_LENGTH) % 16 != 0) {
            throw new GeneralSecurityException("value of " + ivAndCiphertext.length + " bytes is not IV + AES blocks");
        }
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.valueEncryptionKey(), "AES"),
                new IvParameterSpec(ivAndCiphertext, 0, IV_LENGTH));
        return c.doFinal(ivAndCiphertext, IV_LENGTH, ivAndCiphertext.length - IV_LENGTH);
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private static byte[] uint64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
