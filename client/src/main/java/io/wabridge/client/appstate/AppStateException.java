package io.wabridge.client.appstate;

import java.time.Duration;
import java.util.HexFormat;

/** A patch or snapshot that cannot be applied: which collection, which version, and why. */
public final class AppStateException extends Exception {

    public enum Kind {
        /** The mutations name a sync key we do not have (yet): wait for it, ask the primary. */
        MISSING_KEY,
        /** A value, index, snapshot or patch MAC does not verify, or the LTHash does not match: resync from a snapshot. */
        MAC_MISMATCH,
        /** The value decrypts to garbage or the patch is malformed. */
        MALFORMED,
        /** The server refused a patch of ours (other than a conflict we could resolve). */
        REJECTED,
        /**
         * What the patch changes (chats, labels, stars, names) could not be stored: the collection stays at its
         * previous version and LTHash, and the next sync applies the patch again.
         */
        STORE
    }

    private final Kind kind;
    private final String collection;
    private final long version;
    private final transient byte[] keyId;
    private final int attempt;
    private final transient Duration retryIn;

    public AppStateException(Kind kind, String collection, long version, String message, byte[] keyId) {
        this(kind, collection, version, collection + " v" + version + ": " + message, keyId, 0, null);
    }

    private AppStateException(Kind kind, String collection, long version, String fullMessage, byte[] keyId, int attempt,
                              Duration retryIn) {
        super(fullMessage);
        this.kind = kind;
        this.collection = collection;
        this.version = version;
        this.keyId = keyId;
        this.attempt = attempt;
        this.retryIn = retryIn;
    }

    /**
     * This failure as the {@code attempt}-th in a row of its collection, retried {@code in} later; the message says
     * both, and {@code capped} (the longest wait is reached: it is retried at that interval from now on).
     */
    public AppStateException retrying(int attempt, Duration in, boolean capped) {
        String when = in.toMillis() % 60_000 == 0 ? in.toMinutes() + " min"
                : in.toMillis() % 1000 == 0 ? in.toSeconds() + " s" : in.toMillis() + " ms";
        return new AppStateException(kind, collection, version, getMessage() + " (attempt " + attempt + ", syncing again in "
                + when + (capped ? ", the longest wait: retried every " + when + " while the store refuses)" : ")"),
                keyId, attempt, in);
    }

    public static AppStateException missingKey(String collection, long version, byte[] keyId) {
        return new AppStateException(Kind.MISSING_KEY, collection, version, "no app-state sync key " + HexFormat.of().formatHex(keyId), keyId);
    }

    public static AppStateException mac(String collection, long version, String what) {
        return new AppStateException(Kind.MAC_MISMATCH, collection, version, what, null);
    }

    public static AppStateException malformed(String collection, long version, String what) {
        return new AppStateException(Kind.MALFORMED, collection, version, what, null);
    }

    public Kind kind() {
        return kind;
    }

    public String collection() {
        return collection;
    }

    /** The version of the patch or snapshot that failed. */
    public long version() {
        return version;
    }

    /** The failures in a row of this collection this one is (STORE, see {@link #retrying}), else 0. */
    public int attempt() {
        return attempt;
    }

    /** When the collection syncs again (STORE, see {@link #retrying}), else null. */
    public Duration retryIn() {
        return retryIn;
    }

    /** The missing key's id (MISSING_KEY only), else null. */
    public byte[] keyId() {
        return keyId == null ? null : keyId.clone();
    }
}
