package io.wabridge.store.postgres;

import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateSyncKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Rows (session_id, key_id, key_data, fingerprint, timestamp, epoch). */
final class PgAppStateKeyStore implements AppStateKeyStore {

    private static final String COLUMNS = "key_id, key_data, fingerprint, timestamp";

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgAppStateKeyStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("app_state_keys");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("key_id"), List.of("key_data", "fingerprint", "timestamp"));
    }

    @Override
    public Optional<AppStateSyncKey> load(byte[] keyId) {
        return first(db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE session_id = ?1 AND key_id = ?2",
                fence.sessionId(), keyId));
    }

    @Override
    public void storeAll(Collection<AppStateSyncKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(keys.size());
        for (AppStateSyncKey k : keys) {
            rows.add(new Object[] {k.keyId(), k.keyData(), k.fingerprint(), k.timestamp()});
        }
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public Optional<AppStateSyncKey> latest() {
        return first(db.select("SELECT " + COLUMNS + " FROM " + table
                + " WHERE session_id = ?1 ORDER BY timestamp DESC LIMIT 1", fence.sessionId()));
    }

    private static Optional<AppStateSyncKey> first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new AppStateSyncKey((byte[]) r[0], (byte[]) r[1], (byte[]) r[2], Sql.toLong(r[3])));
    }
}
