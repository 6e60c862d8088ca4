package io.wabridge.client.signal.store;

import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.SignedPreKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libsignal's signed prekey store: the current signed prekey comes from the credentials, earlier ones (kept after a
 * rotation for sessions peers started before it) from {@link SignedPreKeyStore}, as serialized libsignal
 * {@link SignedPreKeyRecord}s. Rare writes, so they write through.
 */
final class SignedPreKeyStoreAdapter implements org.signal.libsignal.protocol.state.SignedPreKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(SignedPreKeyStoreAdapter.class);

    private final SignedPreKeyRecord current;
    private final SignedPreKeyStore store;

    SignedPreKeyStoreAdapter(SignedPreKey current, SignedPreKeyStore store) {
        this.current = PreKeyRecords.signedPreKeyRecord(current);
        this.store = store;
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        if (signedPreKeyId == current.getId()) {
            return current;
        }
        Optional<byte[]> stored = store.load(signedPreKeyId);
        if (stored.isEmpty()) {
            throw new InvalidKeyIdException("no signed prekey " + signedPreKeyId);
        }
        SignedPreKeyRecord record = parse(signedPreKeyId, stored.get());
        if (record == null) {
            throw new InvalidKeyIdException("unreadable signed prekey " + signedPreKeyId);
        }
        return record;
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        List<SignedPreKeyRecord> records = new ArrayList<>();
        records.add(current);
        for (Map.Entry<Integer, byte[]> entry : store.loadAll().entrySet()) {
            if (entry.getKey() != current.getId()) {
                SignedPreKeyRecord record = parse(entry.getKey(), entry.getValue());
                if (record != null) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    @Override
    public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        store.store(signedPreKeyId, record.serialize());
    }

    @Override
    public boolean containsSignedPreKey(int signedPreKeyId) {
        return signedPreKeyId == current.getId() || store.contains(signedPreKeyId);
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        store.remove(signedPreKeyId);
    }

    private static SignedPreKeyRecord parse(int id, byte[] bytes) {
        try {
            return new SignedPreKeyRecord(bytes);
        } catch (InvalidMessageException | RuntimeException e) {
            LOG.warn("unreadable signed prekey record {}: {}", id, e.toString());
            return null;
        }
    }
}
