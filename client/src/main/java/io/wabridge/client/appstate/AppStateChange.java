package io.wabridge.client.appstate;

import java.time.Instant;

/**
 * One applied mutation as the client reports it.
 *
 * @param collection the collection's wire name
 * @param version    the collection version the mutation was applied with
 * @param snapshot   it came in a full snapshot (a resync or the first sync), not a patch
 * @param removed    a REMOVE mutation (the action withdrawn)
 * @param timestamp  the action's time as the device that made it set it (null if absent)
 * @param update     what it means
 * @param mutation   the decrypted mutation itself
 */
public record AppStateChange(String collection, long version, boolean snapshot, boolean removed, Instant timestamp,
                             AppStateUpdate update, Mutation mutation) {

    static AppStateChange of(Mutation m, long version, boolean snapshot) {
        Instant at = m.value().hasTimestamp() ? Instant.ofEpochMilli(m.value().getTimestamp()) : null;
        return new AppStateChange(m.collection(), version, snapshot, !m.set(), at, AppStateUpdate.of(m), m);
    }
}
