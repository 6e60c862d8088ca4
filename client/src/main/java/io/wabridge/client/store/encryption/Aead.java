package io.wabridge.client.store.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a 96-bit random nonce and a 128-bit tag; one cipher and one random source per platform thread (a
 * virtual thread, as the write-behind flush may run on, makes its own cipher and shares one random source). */
final class Aead {

    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int KEY_LENGTH = 32;

    /** Per platform thread (session executors, store I/O pools); a virtual thread takes a new one (short-lived). */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Aead::newCipher);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final SecureRandom SHARED_RANDOM = new SecureRandom();

    private Aead() {
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    private static Cipher cipher() {
        return Thread.currentThread().isVirtual() ? newCipher() : CIPHER.get();
    }

    private static SecureRandom random() {
        return Thread.currentThread().isVirtual() ? SHARED_RANDOM : RANDOM.get();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random().nextBytes(b);
        return b;
    }

    static int randomInt() {
        return random().nextInt();
    }

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} into {@code out} at {@code outOff}: {@code inLen} bytes of ciphertext then
     * the tag. Returns the bytes written.
     */
    static int seal(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        try {
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
        }
    }

    /** Decrypts ciphertext-then-tag {@code in[off, off+len)}; null if the tag does not verify (wrong key, data or AAD). */
    static byte[] open(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int off, int len) {
        if (len < TAG_LENGTH) {
            return null;
        }
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(in, off, len);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e, e);
        }
    }
}
