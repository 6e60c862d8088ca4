package io.wabridge.blobstore;

import java.io.IOException;

/** A put crossed its size limit; nothing was stored. */
public final class BlobTooLargeException extends IOException {
    private final long maxBytes;

    public BlobTooLargeException(long maxBytes) {
        super("blob larger than the limit of " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
