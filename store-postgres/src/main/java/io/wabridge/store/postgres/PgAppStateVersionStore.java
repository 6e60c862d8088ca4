package io.wabridge.store.postgres;

import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.IndexValueMac;
import io.wabridge.store.postgres.entity.AppStateMacRow;
import io.wabridge.store.postgres.entity.AppStateVersionRow;
import io.wabridge.store.postgres.entity.Keys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link AppStateVersionRow}s and {@link AppStateMacRow}s: read by key, written by fenced upserts. */
final class PgAppStateVersionStore implements AppStateVersionStore {

    private static final List<String> MAC_KEY = List.of("collection", "index_mac");

    private final Database db;
    private final Fence fence;
    private final Upsert versionUpsert;
    private final Upsert macUpsert;

    PgAppStateVersionStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.versionUpsert = new Upsert(db.table(AppStateVersionRow.class), List.of("collection"), List.of("version", "hash"));
        this.macUpsert = new Upsert(db.table(AppStateMacRow.class), List.of("collection", "index_mac"), List.of("value_mac"));
    }

    @Override
    public Optional<AppStateVersion> load(String collection) {
        return Rows.get(db, AppStateVersionRow.class,
                        new Keys.Collection(fence.sessionId(), Objects.requireNonNull(collection, "collection")))
                .map(r -> new AppStateVersion(collection, r.version(), r.hash()));
    }

    @Override
    public void save(AppStateVersion version) {
        versionUpsert.writeAll(db, fence, List.of(version), v -> new Object[] {v.collection(), v.version(), v.hash()});
    }

    @Override
    public List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs) {
        Objects.requireNonNull(collection, "collection");
        List<IndexValueMac> found = new ArrayList<>();
        for (Object[] r : KeyLists.select(db, db.table(AppStateMacRow.class), "index_mac, value_mac", fence.sessionId(),
                MAC_KEY, macKeys(collection, indexMacs))) {
            found.add(new IndexValueMac((byte[]) r[0], (byte[]) r[1]));
        }
        return found;
    }

    @Override
    public void putValueMacs(String collection, Collection<IndexValueMac> values) {
        Objects.requireNonNull(collection, "collection");
        macUpsert.writeAll(db, fence, values, mac -> new Object[] {collection, mac.indexMac(), mac.valueMac()});
    }

    @Override
    public void removeValueMacs(String collection, Collection<byte[]> indexMacs) {
        KeyLists.delete(db, fence, db.table(AppStateMacRow.class), MAC_KEY,
                macKeys(Objects.requireNonNull(collection, "collection"), indexMacs));
    }

    private static List<Object[]> macKeys(String collection, Collection<byte[]> indexMacs) {
        return indexMacs.stream().map(mac -> new Object[] {collection, mac}).toList();
    }

    /** Version first, in one transaction with the MACs. */
    @Override
    public void reset(String collection) {
        Map<String, String> params = Map.of("collection", Objects.requireNonNull(collection, "collection"));
        db.write(s -> Rows.delete(s, fence, AppStateVersionRow.class, "r.id.collection = :collection", params)
                .thenCompose(n -> Rows.delete(s, fence, AppStateMacRow.class, "r.id.collection = :collection", params)));
    }
}
