package io.wabridge.client.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/** Key-ordered pages of a sorted map, after an exclusive key. */
final class Paging {

    private Paging() {
    }

    static <V> List<V> page(NavigableMap<String, V> map, String afterKey, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        NavigableMap<String, V> rest = afterKey == null ? map : map.tailMap(afterKey, false);
        List<V> page = new ArrayList<>(Math.min(limit, 64));
        for (V value : rest.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(value);
        }
        return page;
    }
}
