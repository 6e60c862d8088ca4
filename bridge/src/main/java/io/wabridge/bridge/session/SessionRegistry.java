package io.wabridge.bridge.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The sessions this deployment knows: {@link MongoSessionRegistry} or {@link PostgresSessionRegistry}, chosen by
 * {@code wabridge.store.backend}. A session is registered by its first connect. Writes a running session makes carry
 * its lease epoch and are refused (false) once a newer owner wrote. Blocking calls, made from the session's executor.
 */
public interface SessionRegistry {

    /** Idempotent preparation (indexes) before first use. */
    void createIndexes();

    Optional<SessionRecord> find(String id);

    /** Registers the session if new and records what was asked for; returns the record before (empty if new). */
    Optional<SessionRecord> desire(String id, DesiredState desired, int partition, int partitions);

    /** Records the desired state of a registered session; false if there is none. */
    boolean desire(String id, DesiredState desired);

    /** Records the desired state as the running session decided it (e.g. WhatsApp replaced it); fenced. */
    boolean desire(String id, DesiredState desired, long epoch);

    /** Records the connection state and which worker runs the session; fenced. */
    boolean state(String id, SessionState state, String owner, long epoch);

    /** Records the account's identity (JIDs without device); a null lid keeps the one stored; fenced. */
    boolean me(String id, String pn, String lid, long epoch);

    /** The device was unlinked: desired and current state logged_out, identity forgotten; fenced. */
    boolean loggedOut(String id, long epoch);

    /**
     * Sessions to connect when these command partitions are assigned: desired connected and homed on one of them.
     * Sessions written under another partition count (the topic grew) are re-homed here as they are read.
     */
    List<SessionRecord> toResume(Collection<Integer> partitions, int partitionCount);

    /**
     * {@link #toResume}'s second half for every backend: of the {@code candidates} read (desired connected, homed on
     * one of {@code partitions} or written under another partition count), those to resume here; a candidate written
     * under another count is re-homed first ({@code rehome}: id, new partition) and kept if its home is assigned.
     */
    static List<SessionRecord> homed(Iterable<SessionRecord> candidates, Collection<Integer> partitions, int partitionCount,
                                     java.util.function.ObjIntConsumer<String> rehome) {
        List<SessionRecord> out = new java.util.ArrayList<>();
        for (SessionRecord r : candidates) {
            if (r.partitions() != partitionCount) {
                int home = io.wabridge.bridge.kafka.SessionPartitioner.partitionOf(r.id(), partitionCount);
                rehome.accept(r.id(), home);
                if (!partitions.contains(home)) {
                    continue;
                }
                r = new SessionRecord(r.id(), r.desired(), r.state(), home, partitionCount, r.mePn(), r.meLid(),
                        r.owner(), r.created(), r.updated());
            }
            out.add(r);
        }
        return out;
    }
}
