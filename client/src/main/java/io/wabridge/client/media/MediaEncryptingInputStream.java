package io.wabridge.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Reads a plaintext stream and yields the WhatsApp encrypted blob: AES-256-CBC/PKCS#7 ciphertext followed by the
 * first 10 bytes of HMAC-SHA256(macKey, iv || ciphertext). Hashes the plaintext and the blob on the way, so that
 * after the last byte {@link #digest()} gives {@code fileSha256}, {@code fileEncSha256} and {@code fileLength}.
 *
 * <p>Memory is two fixed buffers of {@value #BUFFER_SIZE} bytes whatever the size of the file. Single use, not
 * thread-safe (one stream per transfer). Closing closes the plaintext stream.
 */
public final class MediaEncryptingInputStream extends MediaCipherStream {

    /** Size of the read buffer; the output buffer is one AES block and a MAC larger. */
    public static final int BUFFER_SIZE = MediaCipherStream.BUFFER_SIZE;
    /** Length of the truncated MAC appended to the ciphertext. */
    public static final int MAC_LENGTH = MediaCipherStream.MAC_LENGTH;

    private final byte[] in = new byte[BUFFER_SIZE];
    private long plainLength;
    private long encryptedLength;
    private MediaDigest digest;

    public MediaEncryptingInputStream(InputStream plain, MediaKeys keys) {
        super(plain, keys, Cipher.ENCRYPT_MODE);
    }

    /** Length of the encrypted blob (ciphertext and MAC) for a plaintext of {@code plainLength} bytes. */
    public static long encryptedLength(long plainLength) {
        if (plainLength < 0) {
            throw new IllegalArgumentException("negative length " + plainLength);
        }
        return (plainLength / BLOCK + 1) * BLOCK + MAC_LENGTH;
    }

    @Override
    void fill() throws IOException {
        int n = source.read(in, 0, in.length);
        try {
            if (n < 0) {
                int k = cipher.doFinal(out, 0);
                mac.update(out, 0, k);
                System.arraycopy(mac.doFinal(), 0, out, k, MAC_LENGTH);
                outLimit = k + MAC_LENGTH;
            } else {
                plainSha.update(in, 0, n);
                plainLength += n;
                outLimit = cipher.update(in, 0, n, out, 0);
                mac.update(out, 0, outLimit);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e); // cannot happen: sizes are ours
        }
        encSha.update(out, 0, outLimit);
        encryptedLength += outLimit;
        if (n < 0) {
            digest = new MediaDigest(plainSha.digest(), encSha.digest(), plainLength, encryptedLength);
        }
    }

    @Override
    boolean done() {
        return digest != null;
    }

    /** True once the whole blob has been produced. */
    public boolean finished() {
        return digest != null;
    }

    /** The hashes and lengths; only after the stream has been read to its end. */
    public MediaDigest digest() {
        if (digest == null) {
            throw new IllegalStateException("the encrypted stream has not been read to its end");
        }
        return digest;
    }
}
