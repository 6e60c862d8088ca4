package io.wabridge.store.postgres;

import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import io.wabridge.store.postgres.entity.LidMappingRow;
import org.hibernate.reactive.stage.Stage;

/**
 * {@link LidMappingRow}s: one per direction, 'p' (pn -> lid) and 'l' (lid -> pn). A store reads
 * the current entries of the keys involved, then, in one transaction and in order, upserts both directions of every
 * mapping and deletes the entries it made stale, each delete conditioned on still pointing at the remapped side
 * (so a concurrent newer mapping is never deleted).
 */
final class PgLidMappingStore implements LidMappingStore {

    private static final String PN_TO_LID = "p";
    private static final String LID_TO_PN = "l";

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgLidMappingStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(LidMappingRow.class), List.of("direction", "k"), List.of("v"));
    }

    @Override
    public void store(LidPnMapping mapping) {
        storeAll(List.of(mapping));
    }

    @Override
    public void storeAll(Collection<LidPnMapping> mappings) {
        if (mappings.isEmpty()) {
            return;
        }
        List<String> lids = new ArrayList<>(mappings.size());
        List<String> pns = new ArrayList<>(mappings.size());
        for (LidPnMapping m : mappings) {
            lids.add(m.lid());
            pns.add(m.pn());
        }
        Map<String, String> pnByLid = new HashMap<>(lookup(LID_TO_PN, lids));
        Map<String, String> lidByPn = new HashMap<>(lookup(PN_TO_LID, pns));
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> steps = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        for (LidPnMapping m : mappings) {
            String oldPn = pnByLid.put(m.lid(), m.pn());
            String oldLid = lidByPn.put(m.pn(), m.lid());
            pending.add(new Object[] {LID_TO_PN, m.lid(), m.pn()});
            pending.add(new Object[] {PN_TO_LID, m.pn(), m.lid()});
            boolean stalePn = oldPn != null && !oldPn.equals(m.pn());
            boolean staleLid = oldLid != null && !oldLid.equals(m.lid());
            if (stalePn || staleLid) {
                flush(steps, pending); // the upserts so far go first: the deletes must see them
                if (stalePn) {
                    steps.add(deleteIfPointing(PN_TO_LID, oldPn, m.lid()));
                    lidByPn.remove(oldPn, m.lid());
                }
                if (staleLid) {
                    steps.add(deleteIfPointing(LID_TO_PN, oldLid, m.pn()));
                    pnByLid.remove(oldLid, m.pn());
                }
            }
        }
        flush(steps, pending);
        db.write(s -> Database.sequence(s, steps));
    }

    private void flush(List<Function<Stage.StatelessSession, CompletionStage<Integer>>> steps, List<Object[]> pending) {
        if (pending.isEmpty()) {
            return;
        }
        List<Object[]> rows = List.copyOf(pending);
        pending.clear();
        steps.add(s -> upsert.write(s, fence, rows));
    }

    private Function<Stage.StatelessSession, CompletionStage<Integer>> deleteIfPointing(String direction, String key, String value) {
        return s -> Rows.delete(s, fence, LidMappingRow.class, "r.id.direction = :direction and r.id.k = :k and r.v = :v",
                Map.of("direction", direction, "k", key, "v", value));
    }

    @Override
    public Optional<String> lidForPn(String pn) {
        return Optional.ofNullable(lookup(PN_TO_LID, List.of(Objects.requireNonNull(pn, "pn"))).get(pn));
    }

    @Override
    public Optional<String> pnForLid(String lid) {
        return Optional.ofNullable(lookup(LID_TO_PN, List.of(Objects.requireNonNull(lid, "lid"))).get(lid));
    }

    @Override
    public Map<String, String> lidsForPns(Collection<String> pns) {
        return lookup(PN_TO_LID, pns);
    }

    @Override
    public Map<String, String> pnsForLids(Collection<String> lids) {
        return lookup(LID_TO_PN, lids);
    }

    private Map<String, String> lookup(String direction, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<Object[]> wanted = keys.stream().map(k -> new Object[] {direction, k}).toList();
        for (Object[] r : KeyLists.select(db, db.table(LidMappingRow.class), "k, v", fence.sessionId(), List.of("direction", "k"),
                wanted)) {
            found.put((String) r[0], (String) r[1]);
        }
        return found;
    }
}
