package io.wabridge.client.noise;

import io.wabridge.client.crypto.AesGcm;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of the post-handshake transport: AES-256-GCM, empty AAD, IV = 8 zero bytes + uint32 BE
 * counter starting at 0. Holds its key, one JDK Cipher (which keeps the expanded AES key between
 * frames) and the counter; per frame it allocates only the output array (and the JDK's small GCM
 * parameter object). Not thread-safe: one writer (or reader) at a time, as on a Netty channel.
 */
public final class NoiseCipher {

    private final SecretKeySpec key;
    private final Cipher cipher = AesGcm.newCipher();
    private final byte[] iv = new byte[AesGcm.IV_LENGTH];
    private final int mode;
    private long counter;

    private NoiseCipher(byte[] key, int mode) {
        this.key = AesGcm.key(key);
        this.mode = mode;
    }

    public static NoiseCipher encryptor(byte[] key) {
        return new NoiseCipher(key, Cipher.ENCRYPT_MODE);
    }

    public static NoiseCipher decryptor(byte[] key) {
        return new NoiseCipher(key, Cipher.DECRYPT_MODE);
    }

    /** The counter the next frame will use. */
    public long counter() {
        return counter;
    }

    public static int encryptedLength(int plaintextLength) {
        return plaintextLength + AesGcm.TAG_LENGTH;
    }

    public byte[] encrypt(byte[] plaintext) {
        byte[] out = new byte[encryptedLength(plaintext.length)];
        encrypt(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Encrypts into {@code out} at {@code outOffset} (needs len + 16 bytes); returns the bytes written. */
    public int encrypt(byte[] in, int offset, int length, byte[] out, int outOffset) {
        requireMode(Cipher.ENCRYPT_MODE);
        try {
            init();
            int written = cipher.doFinal(in, offset, length, out, outOffset);
            counter++;
            return written;
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small for " + encryptedLength(length) + " bytes", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] ciphertext) {
        return decrypt(ciphertext, 0, ciphertext.length);
    }

    /**
     * Decrypts one frame into a new array.
     *
     * @throws NoiseDecryptException if the tag does not verify (the counter does not advance)
     */
    public byte[] decrypt(byte[] in, int offset, int length) {
        requireMode(Cipher.DECRYPT_MODE);
        if (length < AesGcm.TAG_LENGTH) {
            throw new NoiseDecryptException("frame of " + length + " bytes is shorter than the GCM tag");
        }
        try {
            init();
            byte[] out = new byte[length - AesGcm.TAG_LENGTH];
            cipher.doFinal(in, offset, length, out, 0);
            counter++;
            return out;
        } catch (AEADBadTagException e) {
            throw new NoiseDecryptException("frame " + counter + " failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private void init() throws GeneralSecurityException {
        AesGcm.writeCounter(iv, counter);
        cipher.init(mode, key, new GCMParameterSpec(AesGcm.TAG_LENGTH * 8, iv));
    }

    private void requireMode(int expected) {
        if (mode != expected) {
            throw new IllegalStateException(mode == Cipher.ENCRYPT_MODE ? "encrypt-only cipher" : "decrypt-only cipher");
        }
    }
}
