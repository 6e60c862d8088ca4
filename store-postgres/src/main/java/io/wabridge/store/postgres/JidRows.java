package io.wabridge.store.postgres;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the jid-keyed entities ({@code Keys.Jid}: contacts, threads, privacy tokens) share: pages of the session's rows
 * after an exclusive jid cursor, in byte order (the jid columns use collation "C", as MongoDB sorts), and the fenced
 * delete of one jid.
 */
final class JidRows {

    private JidRows() {
    }

    /** One page of the session's rows after {@code afterJid} (exclusive; null: from the start), each decoded. */
    static <T, R> List<R> page(Database db, Class<T> entity, String sessionId, String afterJid, int limit,
                               Function<T, R> decode) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        List<T> rows = afterJid == null
                ? Rows.list(db, sessionId, entity, "", Map.of(), "r.id.jid", limit)
                : Rows.list(db, sessionId, entity, "r.id.jid > :after", Map.of("after", afterJid), "r.id.jid", limit);
        return rows.stream().map(decode).toList();
    }

    /** Deletes the session's row of {@code jid} unless a newer epoch wrote it. */
    static void delete(Database db, Fence fence, Class<?> entity, String jid) {
        Rows.delete(db, fence, entity, "r.id.jid = :jid", Map.of("jid", Objects.requireNonNull(jid, "jid")));
    }
}
