package io.wabridge.client.store;

/** What saving a remote identity key did (trust on first use). */
public enum IdentityChange {
    /** No key was stored for the address: first use, now trusted. */
    NEW,
    /** The same key was already stored. */
    UNCHANGED,
    /** A different key was stored and has been replaced: the contact's identity changed. */
    CHANGED;

    public boolean changed() {
        return this == CHANGED;
    }
}
