package io.wabridge.blobstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes blobs whose latest put is older than {@code retention} (zero or negative keeps blobs forever)
 * and leftovers of crashed puts older than {@code abandonedAfter}. {@link #start(Duration)} runs it on one daemon
 * thread every interval; every run is counted in {@code wabridge.media.cleanup.runs{result=ok|failed}}, its blobs in
 * {@code wabridge.media.cleanup.deleted}, its leftovers in {@code wabridge.media.cleanup.abandoned} and its time in
 * {@code wabridge.media.cleanup.duration}. Workers may run it concurrently: a blob deleted twice is deleted once.
 */
public final class BlobCleanup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobCleanup.class);
    private static final int BATCH = 1000;

    private final BlobStore store;
    private final Duration retention;
    private final Duration abandonedAfter;
    private final Clock clock;
    private final Counter ok;
    private final Counter failed;
    private final Counter deleted;
    private final Counter abandoned;
    private final Timer duration;
    private ScheduledExecutorService scheduler;

    public BlobCleanup(BlobStore store, Duration retention, Duration abandonedAfter, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.abandonedAfter = abandonedAfter;
        this.clock = clock;
        this.ok = registry.counter("wabridge.media.cleanup.runs", "result", "ok");
        this.failed = registry.counter("wabridge.media.cleanup.runs", "result", "failed");
        this.deleted = registry.counter("wabridge.media.cleanup.deleted");
        this.abandoned = registry.counter("wabridge.media.cleanup.abandoned");
        this.duration = registry.timer("wabridge.media.cleanup.duration");
    }

    /** What one run removed. */
    public record Run(int deleted, int abandoned) {}

    /** One run now, on the calling thread. */
    public Run runOnce() throws IOException {
        long start = System.nanoTime();
        try {
            Instant now = clock.instant();
            int blobs = 0;
            if (retention.isPositive()) {
                Instant cutoff = now.minus(retention);
                while (true) {
                    List<String> batch = store.olderThan(cutoff, BATCH);
                    int removed = 0;
                    for (String sha : batch) {
                        if (store.delete(sha)) {
                            removed++;
                            deleted.increment();
                        }
                    }
                    blobs += removed;
                    if (batch.size() < BATCH || removed == 0) {
                        break; // done, or another worker is deleting the same ones: the next run goes on
                    }
                }
            }
            int leftovers = store.purgeAbandoned(now.minus(abandonedAfter));
            abandoned.increment(leftovers);
            ok.increment();
            return new Run(blobs, leftovers);
        } catch (IOException | RuntimeException e) {
            failed.increment();
            throw e;
        } finally {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs every {@code interval} (the first run after one interval) until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blob-cleanup");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            Run run = runOnce();
            if (run.deleted() > 0 || run.abandoned() > 0) {
                LOG.info("Blob cleanup ({}): {} blobs past retention {} deleted, {} leftovers of interrupted puts removed",
                        store.kind(), run.deleted(), retention, run.abandoned());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Blob cleanup ({}) failed; next run in one interval", store.kind(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
