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

    /**
     * Ciphers returned by virtual threads (the store I/O executor runs each task on a new one), for the next: a
     * {@code Cipher.getInstance} per record read or written was a visible share of a worker's CPU.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Cipher> SPARE = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final java.util.concurrent.atomic.AtomicInteger SPARE_COUNT = new java.util.concurrent.atomic.AtomicInteger();
    private static final int SPARE_MAX = 64;

    /** The caller's own cipher until {@link #release}: the thread's, or a spare one on a virtual thread. */
    private static Cipher cipher() {
        if (!Thread.currentThread().isVirtual()) {
            return CIPHER.get();
        }
        Cipher spare = SPARE.poll();
        if (spare == null) {
            return newCipher();
        }
        SPARE_COUNT.decrementAndGet();
        return spare;
    }

    private static void release(Cipher c) {
        if (Thread.currentThread().isVirtual() && SPARE_COUNT.incrementAndGet() <= SPARE_MAX) {
            SPARE.offer(c);
        } else if (Thread.currentThread().isVirtual()) {
            SPARE_COUNT.decrementAndGet();
        }
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
        Cipher c = cipher();
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
        } finally {
            release(c);
        }
    }

    /** Decrypts ciphertext-then-tag {@code in[off, off+len)}; null if the tag does not verify (wrong key, data or AAD). */
    static byte[] open(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int off, int len) {
        if (len < TAG_LENGTH) {
            return null;
        }
        Cipher c = cipher();
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(in, off, len);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e, e);
        } finally {
            release(c);
        }
    }
}
