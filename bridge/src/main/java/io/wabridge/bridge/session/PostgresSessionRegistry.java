package io.wabridge.bridge.session;

import io.wabridge.store.postgres.Database;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The sessions this deployment knows, one row per session in {@code bridge_sessions}. Fenced writes update only a
 * row whose epoch is absent or not newer than theirs, as {@link MongoSessionRegistry} does.
 */
public final class PostgresSessionRegistry implements SessionRegistry {

    private static final String COLUMNS = "id, desired, state, partition, partitions, me_pn, me_lid, owner, created, updated";

    private final Database db;
    private final String table;
    private final InstantSource clock;

    public PostgresSessionRegistry(Database db, InstantSource clock) {
        this.db = db;
        this.table = db.table("bridge_sessions");
        this.clock = clock;
    }

    /** The table and its index come with the schema migration. */
    @Override
    public void createIndexes() {
    }

    @Override
    public Optional<SessionRecord> find(String id) {
        return db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?1", id).stream().findFirst()
                .map(PostgresSessionRegistry::record);
    }

    /** The row before (locked), then the upsert, in one transaction. */
    @Override
    public Optional<SessionRecord> desire(String id, DesiredState desired, int partition, int partitions) {
        long now = clock.millis();
        List<Object[]> before = db.write(s -> Database.select(s, "SELECT " + COLUMNS + " FROM " + table
                        + " WHERE id = ?1 FOR UPDATE", id)
                .thenCompose(rows -> Database.update(s, "INSERT INTO " + table
                                + " (id, desired, state, partition, partitions, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
                                + " ON CONFLICT (id) DO UPDATE SET desired = EXCLUDED.desired, partition = EXCLUDED.partition,"
                                + " partitions = EXCLUDED.partitions, updated = EXCLUDED.updated",
                        id, desired.wireName(), SessionState.CLOSED.wireName(), partition, partitions, now)
                        .thenApply(n -> rows)));
        return before.stream().findFirst().map(PostgresSessionRegistry::record);
    }

    @Override
    public boolean desire(String id, DesiredState desired) {
        return db.update("UPDATE " + table + " SET desired = ?2, updated = ?3 WHERE id = ?1", id, desired.wireName(),
                clock.millis()) > 0;
    }

    @Override
    public boolean desire(String id, DesiredState desired, long epoch) {
        return fenced(id, epoch, "desired = ?4", desired.wireName());
    }

    @Override
    public boolean state(String id, SessionState state, String owner, long epoch) {
        return fenced(id, epoch, "state = ?4, owner = ?5", state.wireName(), owner);
    }

    @Override
    public boolean me(String id, String pn, String lid, long epoch) {
        return lid == null ? fenced(id, epoch, "me_pn = ?4", pn) : fenced(id, epoch, "me_pn = ?4, me_lid = ?5", pn, lid);
    }

    @Override
    public boolean loggedOut(String id, long epoch) {
        return fenced(id, epoch, "desired = ?4, state = ?5, me_pn = NULL, me_lid = NULL",
                DesiredState.LOGGED_OUT.wireName(), SessionState.LOGGED_OUT.wireName());
    }

    /** {@code set} uses parameters from ?4 on: {@code values}. */
    private boolean fenced(String id, long epoch, String set, Object... values) {
        Object[] params = new Object[3 + values.length];
        params[0] = id;
        params[1] = epoch;
        params[2] = clock.millis();
        System.arraycopy(values, 0, params, 3, values.length);
        return db.update("UPDATE " + table + " SET " + set + ", epoch = ?2, updated = ?3"
                + " WHERE id = ?1 AND (epoch IS NULL OR epoch <= ?2)", params) > 0;
    }

    @Override
    public List<SessionRecord> toResume(Collection<Integer> partitions, int partitionCount) {
        List<Object> params = new ArrayList<>(partitions.size() + 2);
        params.add(DesiredState.CONNECTED.wireName());
        params.add(partitionCount);
        params.addAll(partitions);
        String homed = partitions.isEmpty() ? "FALSE"
                : "(partition IN " + Database.placeholders(3, partitions.size()) + " AND partitions = ?2)";
        List<SessionRecord> candidates = new ArrayList<>();
        for (Object[] row : db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE desired = ?1 AND (" + homed
                + " OR partitions <> ?2)", params.toArray())) {
            candidates.add(record(row));
        }
        return SessionRegistry.homed(candidates, partitions, partitionCount, (id, home) -> db.update("UPDATE " + table
                + " SET partition = ?2, partitions = ?3 WHERE id = ?1", id, home, partitionCount));
    }

    private static SessionRecord record(Object[] r) {
        return new SessionRecord((String) r[0], DesiredState.ofWireName((String) r[1]), SessionState.ofWireName((String) r[2]),
                ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), (String) r[5], (String) r[6], (String) r[7],
                Instant.ofEpochMilli(((Number) r[8]).longValue()), Instant.ofEpochMilli(((Number) r[9]).longValue()));
    }
}
