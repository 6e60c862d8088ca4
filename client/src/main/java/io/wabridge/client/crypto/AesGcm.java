package io.wabridge.client.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on the JDK provider, with the WhatsApp/Noise nonce layout: a 12-byte IV made of 8 zero
 * bytes and the message counter as a big-endian uint32.
 */
public final class AesGcm {

    public static final int KEY_LENGTH = 32;
    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** Counters are uint32 on the wire; one more message would reuse a nonce. */
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    /** The 12-byte IV for {@code counter}. */
    public static byte[] counterIv(long counter) {
        byte[] iv = new byte[IV_LENGTH];
        writeCounter(iv, counter);
        return iv;
    }

    /** Writes {@code counter} as uint32 BE into the last 4 bytes of a 12-byte IV (first 8 stay zero). */
    public static void writeCounter(byte[] iv, long counter) {
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalStateException("AES-GCM counter exhausted: " + counter);
        }
        iv[8] = (byte) (counter >>> 24);
        iv[9] = (byte) (counter >>> 16);
        iv[10] = (byte) (counter >>> 8);
        iv[11] = (byte) counter;
    }

    public static SecretKeySpec key(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes, got " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    public static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " unavailable", e);
        }
    }

    /** One-shot encryption (handshake use): ciphertext || 16-byte tag. */
    public static byte[] encrypt(byte[] key, long counter, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, key(key), new GCMParameterSpec(TAG_LENGTH * 8, counterIv(counter)));
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** One-shot decryption (handshake use). Throws {@link AEADBadTagException} on a wrong tag, key, IV or AAD. */
    public static byte[] decrypt(byte[] key, long counter, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        if (ciphertext.length < TAG_LENGTH) {
            throw new AEADBadTagException("ciphertext shorter than the GCM tag: " + ciphertext.length);
        }
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.DECRYPT_MODE, key(key), new GCMParameterSpec(TAG_LENGTH * 8, counterIv(counter)));
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
