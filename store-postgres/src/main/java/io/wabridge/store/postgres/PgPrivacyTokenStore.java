package io.wabridge.store.postgres;

import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.store.PrivacyTokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, jid, token, timestamp in epoch seconds, epoch). */
final class PgPrivacyTokenStore implements PrivacyTokenStore {

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgPrivacyTokenStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("privacy_tokens");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("jid"), List.of("token", "timestamp"));
    }

    @Override
    public Optional<PrivacyToken> load(String jid) {
        return Optional.ofNullable(loadAll(List.of(Objects.requireNonNull(jid, "jid"))).get(jid));
    }

    @Override
    public Map<String, PrivacyToken> loadAll(Collection<String> jids) {
        Map<String, PrivacyToken> found = new HashMap<>();
        if (jids.isEmpty()) {
            return found;
        }
        for (Object[] r : db.select("SELECT jid, token, timestamp FROM " + table + " WHERE session_id = ?1 AND "
                + Sql.in("jid", 2, jids.size()), Sql.params(fence.sessionId(), jids))) {
            found.put((String) r[0], new PrivacyToken((String) r[0], (byte[]) r[1], Instant.ofEpochSecond(Sql.toLong(r[2]))));
        }
        return found;
    }

    @Override
    public void store(PrivacyToken token) {
        storeAll(List.of(token));
    }

    @Override
    public void storeAll(Collection<PrivacyToken> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(tokens.size());
        for (PrivacyToken t : tokens) {
            rows.add(new Object[] {t.jid(), t.token(), t.timestamp().getEpochSecond()});
        }
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public void delete(String jid) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND jid = ?2 AND epoch <= ?3", fence.sessionId(),
                Objects.requireNonNull(jid, "jid"), fence.epoch());
    }
}
