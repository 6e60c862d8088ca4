package io.wabridge.store.postgres;

import java.util.List;

/** Key-ordered pages: the session's rows whose jid is after an exclusive cursor, in byte order (collation "C"). */
final class Paging {

    private Paging() {
    }

    static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
    }

    static List<Object[]> page(Database db, String columns, String table, String sessionId, String afterJid, int limit) {
        return afterJid == null
                ? db.select("SELECT " + columns + " FROM " + table + " WHERE session_id = ?1 ORDER BY jid LIMIT ?2",
                        sessionId, limit)
                : db.select("SELECT " + columns + " FROM " + table + " WHERE session_id = ?1 AND jid > ?2 ORDER BY jid LIMIT ?3",
                        sessionId, afterJid, limit);
    }
}
