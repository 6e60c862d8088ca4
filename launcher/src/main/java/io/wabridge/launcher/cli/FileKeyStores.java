package io.wabridge.launcher.cli;

import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKeyStore;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The key stores the CLI keeps on disk: one-time prekeys, signed prekeys and remote identities. */
final class FileKeyStores {
    private FileKeyStores() {}

    static final class PreKeys implements PreKeyStore {
        private final FileRecords<Integer> records;

        PreKeys(FileRecords<Integer> records) {
            this.records = records;
        }

        @Override public Optional<byte[]> load(int id) { return Optional.ofNullable(records.get(id)); }

        @Override
        public Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
            Map<Integer, byte[]> found = new HashMap<>();
            for (int id : ids) {
                byte[] r = records.get(id);
                if (r != null) {
                    found.put(id, r);
                }
            }
            return found;
        }

        @Override public boolean contains(int id) { return records.get(id) != null; }
        @Override public void store(int id, byte[] record) { records.putAll(Map.of(id, record)); }
        @Override public void storeAll(Map<Integer, byte[]> all) { records.putAll(all); }
        @Override public void remove(int id) { records.removeAll(List.of(id)); }
        @Override public void removeAll(Collection<Integer> ids) { records.removeAll(ids); }
        @Override public int count() { return records.snapshot().size(); }

        @Override
        public OptionalInt maxId() {
            TreeMap<Integer, byte[]> all = (TreeMap<Integer, byte[]>) records.snapshot();
            return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.lastKey());
        }

        void clear() { records.clear(); }
    }

    static final class SignedPreKeys implements SignedPreKeyStore {
        private final FileRecords<Integer> records;

        SignedPreKeys(FileRecords<Integer> records) {
            this.records = records;
        }

        @Override public Optional<byte[]> load(int id) { return Optional.ofNullable(records.get(id)); }
        @Override public Map<Integer, byte[]> loadAll() { return records.snapshot(); }
        @Override public boolean contains(int id) { return records.get(id) != null; }
        @Override public void store(int id, byte[] record) { records.putAll(Map.of(id, record)); }
        @Override public void remove(int id) { records.removeAll(List.of(id)); }

        void clear() { records.clear(); }
    }

    static final class Identities implements IdentityStore {
        private final FileRecords<SignalAddress> records;

        Identities(FileRecords<SignalAddress> records) {
            this.records = records;
        }

        static SignalAddress parse(String text) {
            int dot = text.lastIndexOf('.');
            return new SignalAddress(text.substring(0, dot), Integer.parseInt(text.substring(dot + 1)));
        }

        @Override public Optional<byte[]> load(SignalAddress address) { return Optional.ofNullable(records.get(address)); }

        @Override
        public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
            Map<SignalAddress, byte[]> found = new HashMap<>();
            for (SignalAddress a : addresses) {
                byte[] key = records.get(a);
                if (key != null) {
                    found.put(a, key);
                }
            }
            return found;
        }

        @Override
        public IdentityChange save(SignalAddress address, byte[] identityKey) {
            return saveAll(Map.of(address, identityKey)).get(address);
        }

        @Override
        public Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys) {
            Map<SignalAddress, IdentityChange> changes = new HashMap<>();
            identityKeys.forEach((address, key) -> {
                byte[] old = records.get(address);
                changes.put(address, old == null ? IdentityChange.NEW
                        : Arrays.equals(old, key) ? IdentityChange.UNCHANGED : IdentityChange.CHANGED);
            });
            records.putAll(identityKeys);
            return changes;
        }

        @Override public void delete(SignalAddress address) { records.removeAll(List.of(address)); }

        void clear() { records.clear(); }
    }
}
