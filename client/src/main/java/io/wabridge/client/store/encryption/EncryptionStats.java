package io.wabridge.client.store.encryption;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link EncryptedStoreProvider}, for metrics. Thread-safe; counts only, never content. */
public final class EncryptionStats {

    final LongAdder sealed = new LongAdder();
    final LongAdder opened = new LongAdder();
    final LongAdder plaintextReads = new LongAdder();
    final LongAdder rewrapped = new LongAdder();
    final LongAdder failures = new LongAdder();

    /** Records sealed (written encrypted). */
    public long sealed() {
        return sealed.sum();
    }

    /** Sealed records opened (read and decrypted). */
    public long opened() {
        return opened.sum();
    }

    /** Records read in plaintext (written before encryption was on), accepted under {@link PlaintextPolicy#MIGRATE}. */
    public long plaintextReads() {
        return plaintextReads.sum();
    }

    /** Session data keys re-wrapped under the current master key (rotation) or wrapped for the first time (migration). */
    public long rewrapped() {
        return rewrapped.sum();
    }

    /** Reads that failed: unknown master key, wrong session or slot, tampering, refused plaintext. */
    public long failures() {
        return failures.sum();
    }
}
