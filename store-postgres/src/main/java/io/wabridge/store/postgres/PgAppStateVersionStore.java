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
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hibernate.reactive.stage.Stage;

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

    /** One transaction: the MAC changes in chunks, then the version row (whose fence refusal rolls back everything). */
    @Override
    public void apply(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts) {
        String collection = next.collection();
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> statements = new ArrayList<>();
        if (replace) {
            statements.add(s -> Database.update(s, "DELETE FROM " + db.table(AppStateMacRow.class)
                    + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3", fence.sessionId(), collection,
                    fence.epoch()));
        }
        List<byte[]> removed = List.copyOf(removes);
        for (int from = 0; from < removed.size(); from += Upsert.CHUNK) {
            List<byte[]> chunk = removed.subList(from, Math.min(removed.size(), from + Upsert.CHUNK));
            statements.add(s -> deleteMacs(s, collection, chunk));
        }
        if (!puts.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(puts.size());
            for (IndexValueMac mac : puts) {
                rows.add(new Object[] {collection, mac.indexMac(), mac.valueMac()});
            }
            statements.add(s -> macUpsert.write(s, fence, rows));
        }
        List<Object[]> version = List.<Object[]>of(new Object[] {collection, next.version(), next.hash()});
        statements.add(s -> versionUpsert.write(s, fence, version));
        db.write(s -> Database.sequence(s, statements));
    }

    private CompletionStage<Integer> deleteMacs(Stage.StatelessSession s, String collection, List<byte[]> indexMacs) {
        List<Object> params = new ArrayList<>(indexMacs.size() + 3);
        params.add(fence.sessionId());
        params.add(collection);
        params.add(fence.epoch());
        params.addAll(indexMacs);
        return Database.update(s, "DELETE FROM " + db.table(AppStateMacRow.class)
                + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3 AND index_mac IN "
                + Database.placeholders(4, indexMacs.size()), params.toArray());
    }

    /** Version first, in one transaction with the MACs. */
    @Override
    public void reset(String collection) {
        Map<String, String> params = Map.of("collection", Objects.requireNonNull(collection, "collection"));
        db.write(s -> Rows.delete(s, fence, AppStateVersionRow.class, "r.id.collection = :collection", params)
                .thenCompose(n -> Rows.delete(s, fence, AppStateMacRow.class, "r.id.collection = :collection", params)));
    }
}
