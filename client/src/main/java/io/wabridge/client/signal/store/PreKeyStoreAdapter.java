package io.wabridge.client.signal.store;

import io.wabridge.client.store.PreKeyStore;
import java.util.Optional;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libsignal's one-time prekey store over {@link PreKeyStore}, whose records are serialized libsignal
 * {@link PreKeyRecord}s ({@link PreKeyRecords}). A prekey a new session consumed is only marked removed: the flush
 * deletes it after the session that used it is stored, so a crash in between never loses the key while the
 * session is lost too (the peer's retry can still be decrypted). Storing prekeys (generation) writes through.
 */
final class PreKeyStoreAdapter implements org.signal.libsignal.protocol.state.PreKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(PreKeyStoreAdapter.class);

    private final PreKeyStore store;
    private final PendingWrites pending;

    PreKeyStoreAdapter(PreKeyStore store, PendingWrites pending) {
        this.store = store;
        this.pending = pending;
    }

    @Override
    public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        if (pending.removedPreKeys.contains(preKeyId)) {
            throw new InvalidKeyIdException("prekey " + preKeyId + " was already used");
        }
        Optional<byte[]> stored = pending.readAhead.preKeys.load(preKeyId, store::load);
        if (stored.isEmpty()) {
            throw new InvalidKeyIdException("no prekey " + preKeyId);
        }
        try {
            return new PreKeyRecord(stored.get());
        } catch (InvalidMessageException | RuntimeException e) {
            LOG.warn("unreadable prekey record {}: {}", preKeyId, e.toString());
            throw new InvalidKeyIdException("unreadable prekey " + preKeyId);
        }
    }

    @Override
    public void storePreKey(int preKeyId, PreKeyRecord record) {
        pending.awaitInflight(); // a removal of the same id being written must not land after this
        store.store(preKeyId, record.serialize());
        pending.keepPreKey(preKeyId);
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return !pending.removedPreKeys.contains(preKeyId) && pending.readAhead.preKeys.contains(preKeyId, store::contains);
    }

    @Override
    public void removePreKey(int preKeyId) {
        pending.removePreKey(preKeyId);
    }
}
