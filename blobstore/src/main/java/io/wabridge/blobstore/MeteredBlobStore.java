package io.wabridge.blobstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BlobStore} that counts what passes through it (tagged with the store kind):
 * {@code wabridge.media.blobs.stored} and {@code wabridge.media.blobs.stored.bytes} (new blobs and their bytes),
 * {@code wabridge.media.blobs.duplicates} (puts of bytes already stored), {@code wabridge.media.blobs.put.failed}
 * {@code {reason=too_large|error}} and {@code wabridge.media.blobs.deleted}.
 */
public final class MeteredBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final Counter stored;
    private final Counter storedBytes;
    private final Counter duplicates;
    private final Counter tooLarge;
    private final Counter failed;
    private final Counter deleted;

    public MeteredBlobStore(BlobStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        Tags store = Tags.of("store", delegate.kind());
        this.stored = registry.counter("wabridge.media.blobs.stored", store);
        this.storedBytes = registry.counter("wabridge.media.blobs.stored.bytes", store);
        this.duplicates = registry.counter("wabridge.media.blobs.duplicates", store);
        this.tooLarge = registry.counter("wabridge.media.blobs.put.failed", store.and("reason", "too_large"));
        this.failed = registry.counter("wabridge.media.blobs.put.failed", store.and("reason", "error"));
        this.deleted = registry.counter("wabridge.media.blobs.deleted", store);
    }

    public BlobStore delegate() {
        return delegate;
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public PutResult put(InputStream in, String mimetype, long maxBytes) throws IOException {
        PutResult result;
        try {
            result = delegate.put(in, mimetype, maxBytes);
        } catch (BlobTooLargeException e) {
            tooLarge.increment();
            throw e;
        } catch (IOException | RuntimeException e) {
            failed.increment();
            throw e;
        }
        if (result.created()) {
            stored.increment();
            storedBytes.increment(result.blob().size());
        } else {
            duplicates.increment();
        }
        return result;
    }

    @Override
    public Optional<BlobInfo> info(String sha256) throws IOException {
        return delegate.info(sha256);
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        return delegate.exists(sha256);
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset) throws IOException {
        return delegate.open(sha256, offset);
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        boolean existed = delegate.delete(sha256);
        if (existed) {
            deleted.increment();
        }
        return existed;
    }

    @Override
    public List<String> olderThan(Instant cutoff, int limit) throws IOException {
        return delegate.olderThan(cutoff, limit);
    }

    @Override
    public int purgeAbandoned(Instant cutoff) throws IOException {
        return delegate.purgeAbandoned(cutoff);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
