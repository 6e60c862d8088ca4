package io.wabridge.client.store;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The label ids of a chat ({@link ChatThread#labels}) or an archived message ({@link ArchivedMessage#labels}): sorted, no duplicates. */
final class LabelIds {

    private LabelIds() {
    }

    /** {@code ids} sorted without duplicates (null: none). */
    static List<String> of(List<String> ids) {
        return ids == null || ids.isEmpty() ? List.of() : List.copyOf(new TreeSet<>(ids));
    }

    /** {@code ids} with {@code labelId} put on ({@code labeled}) or taken off; {@code ids} itself when unchanged. */
    static List<String> with(List<String> ids, String labelId, boolean labeled) {
        Objects.requireNonNull(labelId, "labelId");
        if (ids.contains(labelId) == labeled) {
            return ids;
        }
        TreeSet<String> next = new TreeSet<>(ids);
        if (labeled) {
            next.add(labelId);
        } else {
            next.remove(labelId);
        }
        return List.copyOf(next);
    }
}
