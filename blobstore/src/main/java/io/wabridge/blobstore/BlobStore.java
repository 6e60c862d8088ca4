package io.wabridge.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Media bytes outside Kafka: a content-addressed store keyed by the lowercase hex SHA-256 of the plaintext
 * ({@code fileSha256}), computed while the bytes stream in through one fixed buffer, so a 100 MB file never sits in
 * the heap.
 *
 * <p>Every implementation is atomic: a put that fails (the source throws, the size limit is crossed, the store
 * refuses) leaves nothing visible under any key, and a blob is visible only once all of it is stored. Putting bytes
 * that are already stored keeps the stored blob and refreshes its {@link BlobInfo#createdAt()}, so retention counts
 * from the latest use. Implementations are thread-safe; one instance serves every session of a worker.
 */
public interface BlobStore extends AutoCloseable {

    /** No size limit for {@link #put(InputStream, String, long)}. */
    long UNLIMITED = Long.MAX_VALUE;

    /** {@code fs}, {@code gridfs} or {@code s3}: the value of {@code wabridge.media.blob-store}. */
    String kind();

    /**
     * Streams {@code in} to its end into the store (the caller closes {@code in}).
     *
     * @param mimetype stored with the blob; {@code null} stores {@code application/octet-stream}
     * @param maxBytes the most bytes accepted; one more fails the put with {@link BlobTooLargeException} and
     *                 nothing stored
     */
    PutResult put(InputStream in, String mimetype, long maxBytes) throws IOException;

    default PutResult put(InputStream in, String mimetype) throws IOException {
        return put(in, mimetype, UNLIMITED);
    }

    /** Size, mimetype and time of the blob, or empty when none is stored under {@code sha256}. */
    Optional<BlobInfo> info(String sha256) throws IOException;

    default boolean exists(String sha256) throws IOException {
        return info(sha256).isPresent();
    }

    /**
     * The blob's bytes from {@code offset} (0 for all; at most its size) to its end, or empty when none is stored.
     * The caller closes the stream.
     */
    Optional<InputStream> open(String sha256, long offset) throws IOException;

    default Optional<InputStream> open(String sha256) throws IOException {
        return open(sha256, 0);
    }

    /** Deletes the blob; false when there was none. */
    boolean delete(String sha256) throws IOException;

    /** Up to {@code limit} blobs whose {@link BlobInfo#createdAt()} is before {@code cutoff} (for retention). */
    List<String> olderThan(Instant cutoff, int limit) throws IOException;

    /**
     * Removes what puts interrupted by a crash left behind before {@code cutoff} (temporary files, GridFS files and
     * chunks never completed, S3 temporary objects and multipart uploads); a failed put inside a running process
     * already cleans up after itself. Returns how many leftovers were removed.
     */
    int purgeAbandoned(Instant cutoff) throws IOException;

    @Override
    void close();

    /** A stored blob and whether this put stored it ({@code false}: the same bytes were already there). */
    record PutResult(BlobInfo blob, boolean created) {}
}
