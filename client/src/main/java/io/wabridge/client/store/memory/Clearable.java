package io.wabridge.client.store.memory;

/** A per-session store that can forget everything (for {@link MemoryAccountStore#wipe()}). */
interface Clearable {
    void clear();
}
