package io.wabridge.client.signal.store;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Group sender-key records over {@link SenderKeyStore}, write-behind like the sessions: what the group cipher writes
 * stays pending until {@link SignalStores#flush()}, so a received group message's chain state becomes durable only
 * with its acknowledgement (a hand-off that fails drops it, and the redelivered {@code skmsg} decrypts again instead
 * of counting as a duplicate). Reads see pending writes first. Deleting a whole group is written at once (leaving a
 * group is not undone by a failed hand-off) after dropping that group's pending writes.
 */
final class SenderKeyStoreAdapter implements SenderKeyStore {

    private final SenderKeyStore store;
    private final PendingWrites pending;

    SenderKeyStoreAdapter(SenderKeyStore store, PendingWrites pending) {
        this.store = store;
        this.pending = pending;
    }

    @Override
    public Optional<byte[]> load(SenderKeyName name) {
        byte[] record = pending.senderKeys.get(name);
        if (record != null) {
            return Optional.of(record);
        }
        if (pending.deletedSenderKeys.contains(name)) {
            return Optional.empty();
        }
        return pending.readAhead.senderKeys.load(name, store::load);
    }

    @Override
    public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
        Map<SenderKeyName, byte[]> found = new HashMap<>();
        java.util.List<SenderKeyName> missing = new java.util.ArrayList<>();
        for (SenderKeyName name : names) {
            byte[] record = pending.senderKeys.get(name);
            if (record != null) {
                found.put(name, record);
            } else if (pending.deletedSenderKeys.contains(name)) {
                continue;
            } else if (pending.readAhead.senderKeys.has(name)) {
                pending.readAhead.senderKeys.load(name, store::load).ifPresent(r -> found.put(name, r));
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(store.loadAll(missing));
        }
        return found;
    }

    @Override
    public void store(SenderKeyName name, byte[] record) {
        pending.storeSenderKey(name, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void storeAll(Map<SenderKeyName, byte[]> records) {
        records.forEach(this::store);
    }

    @Override
    public void delete(SenderKeyName name) {
        pending.deleteSenderKey(name);
    }

    @Override
    public void deleteGroup(String groupId) {
        pending.awaitInflight(); // a flush being written must not bring the group's keys back after this
        pending.dropGroup(groupId);
        store.deleteGroup(groupId);
    }
}
