package io.wabridge.store.postgres;

import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.IndexValueMac;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hibernate.reactive.stage.Stage;

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
        db.write(s -> deleteMacs(s, Objects.requireNonNull(collection, "collection"), List.copyOf(indexMacs)));
    }

    /** One transaction: the MAC changes in chunks, then the version row (whose fence refusal rolls back everything). */
    @Override
    public void apply(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts) {
        String collection = next.collection();
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> statements = new ArrayList<>();
        if (replace) {
            statements.add(s -> Database.update(s, "DELETE FROM " + macs + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3",
                    fence.sessionId(), collection, fence.epoch()));
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
        return Database.update(s, "DELETE FROM " + macs + " WHERE session_id = ?1 AND collection = ?2 AND epoch <= ?3 AND "
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
