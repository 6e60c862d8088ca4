package io.wabridge.store.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and fenced deletes of a list of keys of one session, in one native statement:
 * {@code ... WHERE session_id = ?1 AND (k1, k2) IN ((?, ?), ...)}. Native on purpose, where a single key goes
 * through the entities ({@link Rows}): Hibernate translates an HQL query with a list parameter, and builds the SQL of
 * a multi-id {@code get}, anew for every call, which on the flush path (identities before a save, consumed prekeys)
 * cost several times the native statement's JVM time; a native statement is only its text. (HQL with constant text
 * is translated once and cached: it measured the same as native SQL, interleaved in one JVM.)
 */
final class KeyLists {

    private KeyLists() {
    }

    /** {@code columns} of the session's rows of {@code table} whose key columns equal one of {@code keys}. */
    static List<Object[]> select(Database db, String table, String columns, String sessionId, List<String> keyColumns,
                                 Collection<Object[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(1 + keys.size() * keyColumns.size());
        params.add(sessionId);
        String in = in(keyColumns, keys, params);
        return db.select("SELECT " + columns + " FROM " + table + " WHERE session_id = ?1 AND " + in, params.toArray());
    }

    /** Deletes the session's rows of {@code table} with one of {@code keys} that no newer epoch wrote. */
    static int delete(Database db, Fence fence, String table, List<String> keyColumns, Collection<Object[]> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>(2 + keys.size() * keyColumns.size());
        params.add(fence.sessionId());
        params.add(fence.epoch());
        String in = in(keyColumns, keys, params);
        return db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND epoch <= ?2 AND " + in, params.toArray());
    }

    /** {@code (k1, k2) IN ((?n, ?n+1), ...)}, appending the keys' values to {@code params}. */
    private static String in(List<String> keyColumns, Collection<Object[]> keys, List<Object> params) {
        StringBuilder sb = new StringBuilder("(").append(String.join(", ", keyColumns)).append(") IN (");
        boolean first = true;
        for (Object[] key : keys) {
            if (key.length != keyColumns.size()) {
                throw new IllegalArgumentException("a key has " + key.length + " values, expected " + keyColumns.size());
            }
            sb.append(first ? "" : ", ").append(Database.placeholders(params.size() + 1, key.length));
            first = false;
            params.addAll(List.of(key));
        }
        return sb.append(')').toString();
    }
}
