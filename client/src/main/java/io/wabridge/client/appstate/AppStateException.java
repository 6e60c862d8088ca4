package io.wabridge.client.appstate;

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

    public AppStateException(Kind kind, String collection, long version, String message, byte[] keyId) {
        super(collection + " v" + version + ": " + message);
        this.kind = kind;
        this.collection = collection;
        this.version = version;
        this.keyId = keyId;
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

    /** The missing key's id (MISSING_KEY only), else null. */
    public byte[] keyId() {
        return keyId == null ? null : keyId.clone();
    }
}
