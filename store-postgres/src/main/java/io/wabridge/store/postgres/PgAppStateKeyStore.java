package io.wabridge.store.postgres;

import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateSyncKey;
import io.wabridge.store.postgres.entity.AppStateKeyRow;
import io.wabridge.store.postgres.entity.Keys;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AppStateKeyRow}s: read by key or the latest by timestamp, written by the fenced upsert. */
final class PgAppStateKeyStore implements AppStateKeyStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgAppStateKeyStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(AppStateKeyRow.class), List.of("key_id"), List.of("key_data", "fingerprint", "timestamp"));
    }

    @Override
    public Optional<AppStateSyncKey> load(byte[] keyId) {
        return Rows.get(db, AppStateKeyRow.class, new Keys.AppStateKey(fence.sessionId(), keyId)).map(PgAppStateKeyStore::decode);
    }

    @Override
    public void storeAll(Collection<AppStateSyncKey> keys) {
        upsert.writeAll(db, fence, keys, k -> new Object[] {k.keyId(), k.keyData(), k.fingerprint(), k.timestamp()});
    }

    @Override
    public Optional<AppStateSyncKey> latest() {
        return Rows.list(db, fence.sessionId(), AppStateKeyRow.class, "", Map.of(), "r.timestamp desc", 1).stream()
                .findFirst().map(PgAppStateKeyStore::decode);
    }

    private static AppStateSyncKey decode(AppStateKeyRow r) {
        return new AppStateSyncKey(r.id().keyId(), r.keyData(), r.fingerprint(), r.timestamp());
    }
}
