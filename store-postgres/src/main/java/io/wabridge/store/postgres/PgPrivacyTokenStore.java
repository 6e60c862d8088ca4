package io.wabridge.store.postgres;

import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.store.PrivacyTokenStore;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.PrivacyTokenRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link PrivacyTokenRow}s (timestamp in epoch seconds): read by key, written by the fenced upsert. */
final class PgPrivacyTokenStore implements PrivacyTokenStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgPrivacyTokenStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(PrivacyTokenRow.class), List.of("jid"), List.of("token", "timestamp"));
    }

    @Override
    public Optional<PrivacyToken> load(String jid) {
        return Rows.get(db, PrivacyTokenRow.class, new Keys.Jid(fence.sessionId(), Objects.requireNonNull(jid, "jid")))
                .map(r -> new PrivacyToken(jid, r.token(), Instant.ofEpochSecond(r.timestamp())));
    }

    @Override
    public Map<String, PrivacyToken> loadAll(Collection<String> jids) {
        Map<String, PrivacyToken> found = new HashMap<>();
        List<Object[]> keys = new ArrayList<>(jids.size());
        for (String jid : new LinkedHashSet<>(jids)) {
            keys.add(new Object[] {jid});
        }
        for (Object[] r : KeyLists.select(db, db.table(PrivacyTokenRow.class), "jid, token, timestamp", fence.sessionId(),
                List.of("jid"), keys)) {
            found.put((String) r[0], new PrivacyToken((String) r[0], (byte[]) r[1],
                    Instant.ofEpochSecond(((Number) r[2]).longValue())));
        }
        return found;
    }

    @Override
    public void store(PrivacyToken token) {
        storeAll(List.of(token));
    }

    @Override
    public void storeAll(Collection<PrivacyToken> tokens) {
        upsert.writeAll(db, fence, tokens, t -> new Object[] {t.jid(), t.token(), t.timestamp().getEpochSecond()});
    }

    @Override
    public void delete(String jid) {
        JidRows.delete(db, fence, PrivacyTokenRow.class, jid);
    }
}
