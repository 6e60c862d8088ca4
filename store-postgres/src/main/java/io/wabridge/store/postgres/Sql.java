package io.wabridge.store.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small builders for the SQL the stores send. */
final class Sql {
    private Sql() {}

    /** {@code column IN (?from, ...)} for {@code count} values. */
    static String in(String column, int from, int count) {
        return column + " IN " + Database.placeholders(from, count);
    }

    /** {@code (a, b) IN ((?from, ?from+1), ...)} for {@code count} pairs. */
    static String pairsIn(String a, String b, int from, int count) {
        StringBuilder sb = new StringBuilder("(").append(a).append(", ").append(b).append(") IN (");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("(?").append(from + 2 * i).append(", ?").append(from + 2 * i + 1).append(')');
        }
        return sb.append(')').toString();
    }

    /** {@code first} followed by the elements of {@code rest}. */
    static Object[] params(Object first, Collection<?> rest) {
        List<Object> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out.toArray();
    }

    static int toInt(Object value) {
        return ((Number) value).intValue();
    }

    static long toLong(Object value) {
        return ((Number) value).longValue();
    }
}
