package io.wabridge.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a plaintext stream and yields the WhatsApp encrypted blob: AES-256-CBC/PKCS#7 ciphertext followed by the
 * first 10 bytes of HMAC-SHA256(macKey, iv || ciphertext). Hashes the plaintext and the blob on the way, so that
 * after the last byte {@link #digest()} gives {@code fileSha256}, {@code fileEncSha256} and {@code fileLength}.
 *
 * <p>Memory is two fixed buffers of {@value #BUFFER_SIZE} bytes whatever the size of the file. Single use, not
 * thread-safe (one stream per transfer). Closing closes the plaintext stream.
 */
public final class MediaEncryptingInputStream extends InputStream {

    /** Size of the read buffer; the output buffer is one AES block and a MAC larger. */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** Length of the truncated MAC appended to the ciphertext. */
    public static final int MAC_LENGTH = 10;
    static final int BLOCK = 16;

    private final InputStream plain;
    private final Cipher cipher;
    private final Mac mac;
    private final MessageDigest plainSha = MediaCrypto.sha256();
    private final MessageDigest encSha = MediaCrypto.sha256();
    private final byte[] in = new byte[BUFFER_SIZE];
    private final byte[] out = new byte[BUFFER_SIZE + BLOCK + MAC_LENGTH];
    private int outPos;
    private int outLimit;
    private long plainLength;
    private long encryptedLength;
    private MediaDigest digest;

    public MediaEncryptingInputStream(InputStream plain, MediaKeys keys) {
        this.plain = Objects.requireNonNull(plain, "plain");
        try {
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey(), "AES"),
                    new IvParameterSpec(keys.iv()));
            mac = MediaCrypto.hmac(keys.macKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC unavailable", e);
        }
        mac.update(keys.iv());
    }

    /** Length of the encrypted blob (ciphertext and MAC) for a plaintext of {@code plainLength} bytes. */
    public static long encryptedLength(long plainLength) {
        if (plainLength < 0) {
            throw new IllegalArgumentException("negative length " + plainLength);
        }
        return (plainLength / BLOCK + 1) * BLOCK + MAC_LENGTH;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (outPos == outLimit) {
            if (digest != null) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLimit - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() {
        return outLimit - outPos;
    }

    private void fill() throws IOException {
        int n = plain.read(in, 0, in.length);
        outPos = 0;
        try {
            if (n < 0) {
                int k = cipher.doFinal(out, 0);
                mac.update(out, 0, k);
                System.arraycopy(mac.doFinal(), 0, out, k, MAC_LENGTH);
                outLimit = k + MAC_LENGTH;
                encSha.update(out, 0, outLimit);
                encryptedLength += outLimit;
                digest = new MediaDigest(plainSha.digest(), encSha.digest(), plainLength, encryptedLength);
                return;
            }
            plainSha.update(in, 0, n);
            plainLength += n;
            outLimit = cipher.update(in, 0, n, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e); // cannot happen: sizes are ours
        }
        mac.update(out, 0, outLimit);
        encSha.update(out, 0, outLimit);
        encryptedLength += outLimit;
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

    @Override
    public void close() throws IOException {
        plain.close();
    }
}
