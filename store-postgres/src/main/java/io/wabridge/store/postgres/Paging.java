package io.wabridge.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Key-ordered pages: the session's rows whose jid is after an exclusive cursor, in byte order (collation "C"). */
final class Paging {

    private Paging() {
    }

    /** One page of the session's rows after {@code afterJid} (exclusive; null: from the start), each decoded. */
    static <T> List<T> page(Database db, String columns, String table, String sessionId, String afterJid, int limit,
                            Function<Object[], T> decode) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        List<T> page = new ArrayList<>();
        for (Object[] row : rows(db, columns, table, sessionId, afterJid, limit)) {
            page.add(decode.apply(row));
        }
        return page;
    }

    private static List<Object[]> rows(Database db, String columns, String table, String sessionId, String afterJid,
                                       int limit) {
        return afterJid == null
                ? db.select("SELECT " + columns + " FROM " + table + " WHERE session_id = ?1 ORDER BY jid LIMIT ?2",
                        sessionId, limit)
                : db.select("SELECT " + columns + " FROM " + table + " WHERE session_id = ?1 AND jid > ?2 ORDER BY jid LIMIT ?3",
                        sessionId, afterJid, limit);
    }
}
