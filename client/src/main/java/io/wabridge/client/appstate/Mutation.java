package io.wabridge.client.appstate;

import io.wabridge.proto.wa.SyncActionValue;
import java.util.List;

/**
 * One decrypted, verified mutation.
 *
 * @param collection the collection's wire name
 * @param set        SET (else REMOVE)
 * @param index      the index array ({@code ["archive", jid]})
 * @param value      the action value (unknown actions stay inside as unknown fields)
 * @param version    the action's version ({@code SyncActionData.version})
 */
public record Mutation(String collection, boolean set, List<String> index, SyncActionValue value, int version) {

    public Mutation {
        index = List.copyOf(index);
    }

    /** The first index element: the action name ({@code archive}, {@code mute}, …), empty if none. */
    public String action() {
        return index.isEmpty() ? "" : index.getFirst();
    }

    /** The index element at {@code i}, or null. */
    public String indexAt(int i) {
        return i < index.size() ? index.get(i) : null;
    }
}
