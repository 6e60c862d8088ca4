package io.wabridge.blobstore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What every put reads through: hashes (SHA-256) and counts the bytes as they pass and fails with
 * {@link BlobTooLargeException} as soon as one byte more than the limit arrives. Does not close the source.
 */
final class DigestingInputStream extends FilterInputStream {
    /** The copy buffer of every implementation: fixed, whatever the blob's size. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final MessageDigest sha256;
    private final long maxBytes;
    private long count;

    DigestingInputStream(InputStream in, long maxBytes) {
        super(in);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative limit " + maxBytes);
        }
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
            sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            counted(n);
            sha256.update(buf, off, n);
        }
        return n;
    }

    /** Fills {@code buf} as far as the source allows; returns the bytes read, fewer than its length only at the end. */
    int readFully(byte[] buf) throws IOException {
        int filled = 0;
        while (filled < buf.length) {
            int n = read(buf, filled, buf.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private void counted(int n) throws BlobTooLargeException {
        count += n;
        if (count > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
        }
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("a digest must see every byte");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the caller owns the source
    }

    long count() {
        return count;
    }

    /** The hex SHA-256 of everything read; call once, at the end. */
    String sha256Hex() {
        return Sha256Hex.of(sha256.digest());
    }
}
