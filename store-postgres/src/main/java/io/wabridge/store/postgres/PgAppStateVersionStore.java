package io.wabridge.store.postgres;

import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.IndexValueMac;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Versions (session_id, collection, version, hash, epoch) and value MACs (session_id, collection, index_mac, value_mac, epoch). */
final class PgAppStateVersionStore implements AppStateVersionStore {

    private final Database db;
    private final String versions;
    private final String macs;
    private final Fence fence;
    private final Upsert versionUpsert;
    private final Upsert macUpsert;

    PgAppStateVersionStore(Database db, Fence fence) {
        this.db = db;
        this.versions = db.table("app_state_versions");
        this.macs = db.table("app_state_macs");
        this.fence = fence;
        this.versionUpsert = new Upsert(versions, List.of("collection"), List.of("version", "hash"));
        this.macUpsert = new Upsert(macs, List.of("collection", "index_mac"), List.of("value_mac"));
    }

    @Override
    public Optional<AppStateVersion> load(String collection) {
        List<Object[]> rows = db.select("SELECT version, hash FROM " + versions + " WHERE session_id = ?1 AND collection = ?2",
                fence.sessionId(), Objects.requireNonNull(collection, "collection"));
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(new AppStateVersion(collection, Sql.toLong(rows.get(0)[0]), (byte[]) rows.get(0)[1]));
    }

    @Override
    public void save(AppStateVersion version) {
        List<Object[]> row = List.<Object[]>of(new Object[] {version.collection(), version.version(), version.hash()});
        db.write(s -> versionUpsert.write(s, fence, row));
    }

    @Override
    public List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs) {
        List<IndexValueMac> found = new ArrayList<>();
        if (indexMacs.isEmpty()) {
            return found;
        }
        List<Object> params = new ArrayList<>(indexMacs.size() + 2);
        params.add(fence.sessionId());
        params.add(Objects.requireNonNull(collection, "collection"));
        params.addAll(indexMacs);
        for (Object[] r : db.select("SELECT index_mac, value_mac FROM " + macs + " WHERE session_id = ?1 AND collection = ?2 AND "
                + Sql.in("index_mac", 3, indexMacs.size()), params.toArray())) {
            found.add(new IndexValueMac((byte[]) r[0], (byte[]) r[1]));
        }
        return found;
    }

    @Override
    public void putValueMacs(String collection, Collection<IndexValueMac> values) {
        if (values.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(values.size());
        for (IndexValueMac mac : values) {
            rows.add(new Object[] {Objects.requireNonNull(collection, "collection"), mac.indexMac(), mac.valueMac()});
        }
        db.write(s -> macUpsert.write(s, fence, rows));
    }

    @Override
    public void removeValueMacs(String collection, Collection<byte[]> indexMacs) {
        if (indexMacs.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(indexMacs.size() + 3);
        params.add(fence.sessionId());
        params.add(Objects.requireNonNull(collection, "collection"));
        params.add(fence.epoch());
        params.addAll(indexMacs);
        db.update("DELETE FROM " + macs + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3 AND "
                + Sql.in("index_mac", 4, indexMacs.size()), params.toArray());
    }

    /** Version first, in one transaction with the MACs. */
    @Override
    public void reset(String collection) {
        Objects.requireNonNull(collection, "collection");
        db.write(s -> Database.update(s, "DELETE FROM " + versions + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3",
                        fence.sessionId(), collection, fence.epoch())
                .thenCompose(n -> Database.update(s, "DELETE FROM " + macs
                        + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3", fence.sessionId(), collection, fence.epoch())));
    }
}
