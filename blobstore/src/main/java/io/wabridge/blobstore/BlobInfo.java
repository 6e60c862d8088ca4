package io.wabridge.blobstore;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored blob: its key (lowercase hex SHA-256 of the bytes), size in bytes, mimetype, and the time of its latest
 * put (retention counts from it).
 */
public record BlobInfo(String sha256, long size, String mimetype, Instant createdAt) {

    /** Stored when a put names no mimetype. */
    public static final String DEFAULT_MIMETYPE = "application/octet-stream";

    public BlobInfo {
        Sha256Hex.require(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        mimetype = mimetypeOrDefault(mimetype);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code mimetype}, or {@link #DEFAULT_MIMETYPE} when it is null or blank. */
    public static String mimetypeOrDefault(String mimetype) {
        return mimetype == null || mimetype.isBlank() ? DEFAULT_MIMETYPE : mimetype.strip();
    }
}
