package io.wabridge.client.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). The one implementation the whole client uses; one {@link Mac} per thread,
 * re-keyed per use (the Signal ratchet derives keys with it on every message).
 */
public final class Hkdf {

    public static final int HASH_LENGTH = 32;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] ZERO_SALT = new byte[HASH_LENGTH];
    private static final byte[] EMPTY = new byte[0];
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private Hkdf() {
    }

    /** Extract then expand: {@code length} bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** PRK = HMAC(salt, ikm); an absent or empty salt means HashLen zero bytes (RFC 5869 §2.2). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Mac mac = hmac(salt == null || salt.length == 0 ? ZERO_SALT : salt);
        return mac.doFinal(ikm == null ? EMPTY : ikm);
    }

    /** OKM = T(1) || T(2) || ... where T(i) = HMAC(prk, T(i-1) || info || i), truncated to length. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        byte[] okm = new byte[length];
        Mac mac = hmac(prk);
        byte[] block = EMPTY;
        int written = 0;
        for (int i = 1; written < length; i++) {
            mac.update(block);
            if (info != null) {
                mac.update(info);
            }
            mac.update((byte) i);
            block = mac.doFinal();
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, okm, written, n);
            written += n;
        }
        return okm;
    }

    private static Mac hmac(byte[] key) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("invalid HMAC key", e);
        }
    }
}
