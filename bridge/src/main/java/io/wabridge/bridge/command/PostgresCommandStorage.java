package io.wabridge.bridge.command;

import io.wabridge.store.postgres.Database;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command results in the table {@code command_results} (session_id, command_id, type, result, at). A batch is one
 * multi-row {@code INSERT ... ON CONFLICT DO NOTHING}. PostgreSQL has no TTL index: results older than the retention
 * are deleted by the insert path, at most once a minute (correctness never depends on the expiry running).
 */
public final class PostgresCommandStorage implements CommandStorage {

    private static final long PURGE_EVERY_MILLIS = 60_000;
    /** Rows per INSERT (5 parameters each, far below PostgreSQL's 65,535). */
    private static final int CHUNK = 500;

    private final Database db;
    private final String table;
    private final InstantSource clock;
    private final Duration retention;
    private final AtomicLong lastPurge = new AtomicLong();

    public PostgresCommandStorage(Database db, InstantSource clock, Duration retention) {
        this.db = db;
        this.table = db.table("command_results");
        this.clock = clock;
        this.retention = retention;
    }

    /** The table comes with the schema migration; drops what outlived the retention. */
    @Override
    public void prepare() {
        purge();
    }

    @Override
    public Map<Key, byte[]> find(List<Key> keys) {
        Map<Key, byte[]> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT session_id, command_id, result FROM " + table
                + " WHERE (session_id, command_id) IN (");
        Object[] params = new Object[keys.size() * 2];
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Database.placeholders(2 * i + 1, 2));
            params[2 * i] = keys.get(i).sessionId();
            params[2 * i + 1] = keys.get(i).commandId();
        }
        for (Object[] r : db.select(sql.append(')').toString(), params)) {
            found.put(new Key((String) r[0], (String) r[1]), (byte[]) r[2]);
        }
        return found;
    }

    @Override
    public List<RuntimeException> insert(List<Entry> entries) {
        List<RuntimeException> failures = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            failures.add(null);
        }
        for (int from = 0; from < entries.size(); from += CHUNK) {
            List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (session_id, command_id, type, result, at) VALUES ");
            Object[] params = new Object[chunk.size() * 5];
            int p = 0;
            for (int i = 0; i < chunk.size(); i++) {
                Entry e = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append(Database.placeholders(p + 1, 5));
                params[p++] = e.sessionId();
                params[p++] = e.commandId();
                params[p++] = e.type();
                params[p++] = e.result();
                params[p++] = e.atMillis();
            }
            db.update(sql.append(" ON CONFLICT (session_id, command_id) DO NOTHING").toString(), params);
        }
        long now = clock.millis();
        long last = lastPurge.get();
        if (now - last >= PURGE_EVERY_MILLIS && lastPurge.compareAndSet(last, now)) {
            purge();
        }
        return failures;
    }

    private void purge() {
        db.update("DELETE FROM " + table + " WHERE at < ?1", clock.millis() - retention.toMillis());
    }
}
