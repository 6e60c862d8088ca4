package io.wabridge.bridge.session;

import java.time.Instant;

/**
 * A session as the registry holds it.
 *
 * @param partition  the session's command partition when it was last written
 * @param partitions the command topic's partition count {@code partition} was computed for
 * @param mePn       the account's phone-number JID without device, or null before pairing
 * @param meLid      the account's LID JID without device, or null
 * @param owner      the worker that last ran the session, or null
 */
public record SessionRecord(String id, DesiredState desired, SessionState state, int partition, int partitions,
                            String mePn, String meLid, String owner, Instant created, Instant updated) {
}
