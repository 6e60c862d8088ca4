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
 * What both directions share: the source stream, AES-256-CBC/PKCS#7 keyed from {@link MediaKeys}, the HMAC over
 * iv || ciphertext, the two SHA-256 digests (plaintext, blob), and the fixed output buffer handed out by
 * {@code read}. A subclass refills the buffer in {@link #fill()} and says when it is done; a
 * {@link MediaIntegrityException} from {@code fill} sticks: every later {@code read} throws it again.
 */
abstract sealed class MediaCipherStream extends InputStream
        permits MediaEncryptingInputStream, MediaDecryptingInputStream {

    /** Size of the read buffer of either direction. */
    static final int BUFFER_SIZE = 64 * 1024;
    /** Length of the truncated MAC after the ciphertext. */
    static final int MAC_LENGTH = 10;
    static final int BLOCK = 16;

    final InputStream source;
    final Cipher cipher;
    final Mac mac;
    final MessageDigest plainSha = MediaCrypto.sha256();
    final MessageDigest encSha = MediaCrypto.sha256();
    final byte[] out = new byte[BUFFER_SIZE + BLOCK + MAC_LENGTH];
    int outPos;
    int outLimit;
    private MediaIntegrityException failure;

    MediaCipherStream(InputStream source, MediaKeys keys, int mode) {
        this.source = Objects.requireNonNull(source, "source");
        try {
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(keys.cipherKey(), "AES"), new IvParameterSpec(keys.iv()));
            mac = MediaCrypto.hmac(keys.macKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC or HmacSHA256 unavailable", e);
        }
        mac.update(keys.iv());
    }

    /** Reads from the source and puts the next output into {@code out[0, outLimit)} (possibly nothing). */
    abstract void fill() throws IOException;

    /** True once the last output has been produced. */
    abstract boolean done();

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        while (outPos == outLimit) {
            if (done()) {
                return -1;
            }
            outPos = 0;
            outLimit = 0;
            try {
                fill();
            } catch (MediaIntegrityException e) {
                failure = e;
                throw e;
            }
        }
        int n = Math.min(len, outLimit - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public final int available() {
        return outLimit - outPos;
    }

    /** Closes the source stream. */
    @Override
    public final void close() throws IOException {
        source.close();
    }
}
