package io.wabridge.bridge.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.wabridge.bridge.session.Session;

/**
 * A session as {@code GET /sessions} shows it.
 *
 * @param desired what its owner asked for last ({@code connected}, {@code disconnected}, {@code logged_out}); null
 *                until this worker read or set it
 * @param me      the account's JIDs without device, null before pairing
 */
@RegisterForReflection // serialized by Jackson, also in a native image
public record SessionView(String id, String state, String desired, int partition, Me me) {

    @RegisterForReflection
    public record Me(String pn, String lid) {
    }

    static SessionView of(Session s) {
        var me = s.me();
        return new SessionView(s.id(), s.state().wireName(), s.desired() == null ? null : s.desired().wireName(),
                s.partition(), me.getPn().isEmpty() ? null : new Me(me.getPn(), me.getLid().isEmpty() ? null : me.getLid()));
    }
}
