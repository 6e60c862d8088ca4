package io.wabridge.client.store.encryption;

import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.AppStateSyncKey;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.store.SignedPreKeyStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The decorated stores whose records are secret, each sealing on the way in and opening on the way out, a record's
 * kind and key as associated data. Everything else (presence, ids, counts, deletes) goes straight through.
 */
final class SealedStores {

    private SealedStores() {
    }

    private static <K> Map<K, byte[]> sealAll(EncryptedAccountStore a, String kind, Map<K, byte[]> plain,
                                              Function<K, String> slot) {
        Map<K, byte[]> sealed = new LinkedHashMap<>(plain.size() * 2);
        plain.forEach((k, v) -> sealed.put(k, a.seal(kind, slot.apply(k), v)));
        return sealed;
    }

    private static <K> Map<K, byte[]> openAll(EncryptedAccountStore a, String kind, Map<K, byte[]> stored,
                                              Function<K, String> slot, Map<K, byte[]> into) {
        stored.forEach((k, v) -> into.put(k, a.open(kind, slot.apply(k), v)));
        return into;
    }

    static final class Sessions implements SignalSessionStore {
        private static final String KIND = "session";
        private final SignalSessionStore base;
        private final EncryptedAccountStore a;

        Sessions(SignalSessionStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        @Override
        public Optional<byte[]> load(SignalAddress address) {
            return base.load(address).map(r -> a.open(KIND, address.toString(), r));
        }

        @Override
        public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
            Map<SignalAddress, byte[]> stored = base.loadAll(addresses);
            return openAll(a, KIND, stored, SignalAddress::toString, new LinkedHashMap<>(stored.size() * 2));
        }

        @Override
        public boolean contains(SignalAddress address) {
            return base.contains(address);
        }

        @Override
        public boolean knownToHold(SignalAddress address) {
            return base.knownToHold(address);
        }

        @Override
        public List<Integer> deviceIds(String name) {
            return base.deviceIds(name);
        }

        @Override
        public void store(SignalAddress address, byte[] record) {
            base.store(address, a.seal(KIND, address.toString(), record));
        }

        @Override
        public void storeAll(Map<SignalAddress, byte[]> records) {
            base.storeAll(sealAll(a, KIND, records, SignalAddress::toString));
        }

        @Override
        public void delete(SignalAddress address) {
            base.delete(address);
        }

        @Override
        public void deleteAll(String name) {
            base.deleteAll(name);
        }
    }

    static final class PreKeys implements PreKeyStore {
        private static final String KIND = "prekey";
        private final PreKeyStore base;
        private final EncryptedAccountStore a;

        PreKeys(PreKeyStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        @Override
        public Optional<byte[]> load(int id) {
            return base.load(id).map(r -> a.open(KIND, Integer.toString(id), r));
        }

        @Override
        public Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
            Map<Integer, byte[]> stored = base.loadAll(ids);
            return openAll(a, KIND, stored, String::valueOf, new LinkedHashMap<>(stored.size() * 2));
        }

        @Override
        public boolean contains(int id) {
            return base.contains(id);
        }

        @Override
        public void store(int id, byte[] record) {
            base.store(id, a.seal(KIND, Integer.toString(id), record));
        }

        @Override
        public void storeAll(Map<Integer, byte[]> records) {
            base.storeAll(sealAll(a, KIND, records, String::valueOf));
        }

        @Override
        public void remove(int id) {
            base.remove(id);
        }

        @Override
        public void removeAll(Collection<Integer> ids) {
            base.removeAll(ids);
        }

        @Override
        public int count() {
            return base.count();
        }

        @Override
        public OptionalInt maxId() {
            return base.maxId();
        }
    }

    static final class SignedPreKeys implements SignedPreKeyStore {
        private static final String KIND = "signed-prekey";
        private final SignedPreKeyStore base;
        private final EncryptedAccountStore a;

        SignedPreKeys(SignedPreKeyStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        @Override
        public Optional<byte[]> load(int id) {
            return base.load(id).map(r -> a.open(KIND, Integer.toString(id), r));
        }

        @Override
        public Map<Integer, byte[]> loadAll() {
            return openAll(a, KIND, base.loadAll(), String::valueOf, new TreeMap<>());
        }

        @Override
        public boolean contains(int id) {
            return base.contains(id);
        }

        @Override
        public void store(int id, byte[] record) {
            base.store(id, a.seal(KIND, Integer.toString(id), record));
        }

        @Override
        public void remove(int id) {
            base.remove(id);
        }
    }

    static final class SenderKeys implements SenderKeyStore {
        private static final String KIND = "sender-key";
        private final SenderKeyStore base;
        private final EncryptedAccountStore a;

        SenderKeys(SenderKeyStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        private static String slot(SenderKeyName name) {
            return name.groupId() + "/" + name.sender();
        }

        @Override
        public Optional<byte[]> load(SenderKeyName name) {
            return base.load(name).map(r -> a.open(KIND, slot(name), r));
        }

        @Override
        public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
            Map<SenderKeyName, byte[]> stored = base.loadAll(names);
            return openAll(a, KIND, stored, SenderKeys::slot, new LinkedHashMap<>(stored.size() * 2));
        }

        @Override
        public void store(SenderKeyName name, byte[] record) {
            base.store(name, a.seal(KIND, slot(name), record));
        }

        @Override
        public void storeAll(Map<SenderKeyName, byte[]> records) {
            base.storeAll(sealAll(a, KIND, records, SenderKeys::slot));
        }

        @Override
        public void delete(SenderKeyName name) {
            base.delete(name);
        }

        @Override
        public void deleteGroup(String groupId) {
            base.deleteGroup(groupId);
        }
    }

    /** Seals the key material only: ids, fingerprints and timestamps stay readable (the latest key is found by them). */
    static final class AppStateKeys implements AppStateKeyStore {
        private static final String KIND = "app-state-key";
        private final AppStateKeyStore base;
        private final EncryptedAccountStore a;

        AppStateKeys(AppStateKeyStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        private AppStateSyncKey open(AppStateSyncKey k) {
            byte[] data = a.open(KIND, HexFormat.of().formatHex(k.keyId()), k.keyData());
            return new AppStateSyncKey(k.keyId(), data, k.fingerprint(), k.timestamp());
        }

        @Override
        public Optional<AppStateSyncKey> load(byte[] keyId) {
            return base.load(keyId).map(this::open);
        }

        @Override
        public void storeAll(Collection<AppStateSyncKey> keys) {
            List<AppStateSyncKey> sealed = new ArrayList<>(keys.size());
            for (AppStateSyncKey k : keys) {
                sealed.add(new AppStateSyncKey(k.keyId(), a.seal(KIND, HexFormat.of().formatHex(k.keyId()), k.keyData()),
                        k.fingerprint(), k.timestamp()));
            }
            base.storeAll(sealed);
        }

        @Override
        public Optional<AppStateSyncKey> latest() {
            return base.latest().map(this::open);
        }
    }

    /**
     * Message content: the sent-message cache for retries and the archive's {@code Message} bytes, sealed under the
     * session's data key (slot: chat and id, so a record moved to another message does not open). The rest of an
     * archived message (chat, id, sender, time, star) stays readable: the archive pages and trims by it.
     */
    static final class Messages implements MessageStore {
        private static final String SENT = "message";
        private static final String ARCHIVED = "archived-message";
        private final MessageStore base;
        private final EncryptedAccountStore a;

        Messages(MessageStore base, EncryptedAccountStore a) {
            this.base = base;
            this.a = a;
        }

        private static String slot(String chat, String id) {
            return chat + "/" + id;
        }

        @Override
        public void put(MessageKey key, byte[] message) {
            base.put(key, a.seal(SENT, slot(key.chat(), key.id()), message));
        }

        @Override
        public void putAll(Map<MessageKey, byte[]> messages) {
            base.putAll(sealAll(a, SENT, messages, k -> slot(k.chat(), k.id())));
        }

        @Override
        public Optional<byte[]> load(MessageKey key) {
            return base.load(key).map(m -> a.open(SENT, slot(key.chat(), key.id()), m));
        }

        @Override
        public void delete(MessageKey key) {
            base.delete(key);
        }

        @Override
        public long purgeExpired() {
            return base.purgeExpired();
        }

        @Override
        public void archive(Collection<ArchivedMessage> messages) {
            List<ArchivedMessage> sealed = new ArrayList<>(messages.size());
            for (ArchivedMessage m : messages) {
                sealed.add(m.withMessage(a.seal(ARCHIVED, slot(m.chat(), m.id()), m.message())));
            }
            base.archive(sealed);
        }

        @Override
        public void rewriteArchived(ArchivedMessage m) {
            base.rewriteArchived(m.withMessage(a.seal(ARCHIVED, slot(m.chat(), m.id()), m.message())));
        }

        @Override
        public Optional<ArchivedMessage> archived(String chat, String id) {
            return base.archived(chat, id).map(this::open);
        }

        @Override
        public List<ArchivedMessage> archivedBefore(String chat, long beforeMillis, String beforeId, int count) {
            return base.archivedBefore(chat, beforeMillis, beforeId, count).stream().map(this::open).toList();
        }

        private ArchivedMessage open(ArchivedMessage stored) {
            return stored.withMessage(a.open(ARCHIVED, slot(stored.chat(), stored.id()), stored.message()));
        }

        @Override
        public void deleteArchived(String chat, String id) {
            base.deleteArchived(chat, id);
        }

        @Override
        public long clearArchived(String chat) {
            return base.clearArchived(chat);
        }
    }
}
