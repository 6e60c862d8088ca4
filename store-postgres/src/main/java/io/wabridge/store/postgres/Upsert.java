package io.wabridge.store.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hibernate.reactive.stage.Stage;

/**
 * A fenced, batched upsert into one table: {@code INSERT INTO t (session_id, keys..., values..., epoch)
 * VALUES (...), (...) ON CONFLICT (session_id, keys...) DO UPDATE SET values..., epoch WHERE t.epoch <= EXCLUDED.epoch}.
 * A batch is one statement per {@value #CHUNK} rows (PostgreSQL takes at most 65,535 parameters per statement), all
 * in the caller's transaction. Rows with the same key keep the last (one statement may not touch a row twice).
 *
 * <p>Native SQL on purpose, not the entities: the stateless session's {@code upsert} is unconditional (a stale owner
 * would overwrite a newer owner's row) and {@code insert}/{@code update} go row by row without telling which row the
 * fence refused. Here the refusal is found in the same round trip: fewer rows changed than sent.
 */
final class Upsert {

    /** Rows per statement. */
    static final int CHUNK = 500;

    private final String table;
    private final int keyColumns;
    private final int columns;
    private final String head;
    private final String tail;

    /**
     * @param table   the qualified table name
     * @param keys    the key columns after session_id
     * @param values  the other columns
     */
    Upsert(String table, List<String> keys, List<String> values) {
        this(table, keys, values, List.of());
    }

    /**
     * @param inserted those of {@code values} written when the row is new only (left out of {@code DO UPDATE SET}:
     *                 a row written again keeps them)
     */
    Upsert(String table, List<String> keys, List<String> values, List<String> inserted) {
        if (!values.containsAll(inserted)) {
            throw new IllegalArgumentException("not among the values: " + inserted);
        }
        this.table = table;
        this.keyColumns = keys.size();
        this.columns = 1 + keys.size() + values.size() + 1;
        List<String> all = new ArrayList<>();
        all.add("session_id");
        all.addAll(keys);
        all.addAll(values);
        all.add("epoch");
        List<String> conflict = new ArrayList<>();
        conflict.add("session_id");
        conflict.addAll(keys);
        StringBuilder set = new StringBuilder();
        for (String v : values) {
            if (inserted.contains(v)) {
                continue;
            }
            set.append(v).append(" = EXCLUDED.").append(v).append(", ");
        }
        set.append("epoch = EXCLUDED.epoch");
        this.head = "INSERT INTO " + table + " AS t (" + String.join(", ", all) + ") VALUES ";
        this.tail = " ON CONFLICT (" + String.join(", ", conflict) + ") DO UPDATE SET " + set
                + " WHERE t.epoch <= EXCLUDED.epoch";
    }

    /**
     * One row per element of {@code items} ({@code row}: keys then values, without session_id and epoch), in a
     * transaction of its own; nothing when there are none. Fails with the fence's refusal as {@link #write} does.
     */
    <T> void writeAll(Database db, Fence fence, java.util.Collection<T> items, Function<T, Object[]> row) {
        if (items.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(items.size());
        for (T item : items) {
            rows.add(row.apply(item));
        }
        db.write(s -> write(s, fence, rows));
    }

    /**
     * Writes {@code rows} (each: keys then values, without session_id and epoch) in {@code s}'s transaction; fails
     * with the fence's refusal if any row met a newer epoch's row.
     */
    CompletionStage<Integer> write(Stage.StatelessSession s, Fence fence, List<Object[]> rows) {
        List<Object[]> unique = lastPerKey(rows);
        List<Function<Stage.StatelessSession, CompletionStage<Integer>>> statements = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += CHUNK) {
            List<Object[]> chunk = unique.subList(from, Math.min(unique.size(), from + CHUNK));
            statements.add(session -> statement(session, fence, chunk));
        }
        return Database.sequence(s, statements);
    }

    private CompletionStage<Integer> statement(Stage.StatelessSession s, Fence fence, List<Object[]> chunk) {
        StringBuilder sql = new StringBuilder(head);
        Object[] params = new Object[chunk.size() * columns];
        int p = 0;
        for (int r = 0; r < chunk.size(); r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append(Database.placeholders(p + 1, columns));
            Object[] row = chunk.get(r);
            if (row.length != columns - 2) {
                throw new IllegalArgumentException(table + ": a row has " + row.length + " columns, expected " + (columns - 2));
            }
            params[p++] = fence.sessionId();
            for (Object value : row) {
                params[p++] = value;
            }
            params[p++] = fence.epoch();
        }
        sql.append(tail);
        return Database.update(s, sql.toString(), params).thenApply(applied -> fence.check(applied, chunk.size()));
    }

    private List<Object[]> lastPerKey(List<Object[]> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        Map<List<Object>, Object[]> byKey = new LinkedHashMap<>(rows.size() * 2);
        for (Object[] row : rows) {
            List<Object> key = new ArrayList<>(keyColumns);
            for (int i = 0; i < keyColumns; i++) {
                key.add(row[i] instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : row[i]);
            }
            byKey.remove(key);
            byKey.put(key, row);
        }
        return byKey.size() == rows.size() ? rows : new ArrayList<>(byKey.values());
    }
}
