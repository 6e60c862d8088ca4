package io.wabridge.client.signal.ratchet;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * A live session record with one peer device: libsignal's {@code RecordStructure} (a current state and up to
 * {@value #ARCHIVED_STATES_MAX_LENGTH} archived ones, newest first), read from and written to exactly the bytes
 * libsignal-client 0.23.1 stores, so records written by either side stay readable by the other. Archived states stay
 * serialized until a message needs one, as in libsignal. Mutable; owned by one account's serial executor.
 */
public final class RatchetRecord {

    /** libsignal's {@code ARCHIVED_STATES_MAX_LENGTH}. */
    public static final int ARCHIVED_STATES_MAX_LENGTH = 40;

    SessionState current;
    /** Serialized {@code SessionStructure}s, newest first. */
    final ArrayList<byte[]> previous;

    private RatchetRecord(SessionState current, ArrayList<byte[]> previous) {
        this.current = current;
        this.previous = previous;
    }

    /**
     * Reads a stored record.
     *
     * @throws IllegalArgumentException if the bytes are no record protobuf
     */
    public static RatchetRecord parse(byte[] bytes) {
        Proto.Reader in = new Proto.Reader(bytes);
        SessionState current = null;
        ArrayList<byte[]> previous = new ArrayList<>(0);
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 | Proto.LEN -> {
                    if (current != null) {
                        throw new IllegalArgumentException("repeated current session");
                    }
                    current = SessionState.parse(in.message());
                }
                case 2 << 3 | Proto.LEN -> previous.add(in.bytes());
                default -> in.skip(tag);
            }
        }
        return new RatchetRecord(current, previous);
    }

    /** The stored form (libsignal's {@code SessionRecord.serialize()}). */
    public byte[] serialize() {
        Proto.Writer out = new Proto.Writer(current == null ? 64 : 640);
        if (current != null) {
            Proto.Writer state = new Proto.Writer(600);
            current.writeTo(state);
            out.message(1, state);
        }
        for (byte[] archived : previous) {
            out.bytes(2, archived);
        }
        return out.toByteArray();
    }

    /** Whether the record has a current state (libsignal sends and decrypts msgs only then). */
    public boolean hasCurrentState() {
        return current != null;
    }

    /** The current state's remote identity key (33 bytes), or null. */
    public byte[] remoteIdentity() {
        return current == null || current.remoteIdentity.length == 0 ? null : current.remoteIdentity;
    }

    /** Whether the current state still waits for the peer's answer (so encrypt gives a pkmsg). */
    public boolean awaitsAnswer() {
        return current != null && current.pendingPreKey != null;
    }

    /** Replaces the current state with archived state {@code index}, archiving the current one (libsignal's promote). */
    void promote(int index, SessionState state) {
        previous.remove(index);
        archiveCurrent();
        current = state;
    }

    private void archiveCurrent() {
        if (current == null) {
            return;
        }
        if (previous.size() >= ARCHIVED_STATES_MAX_LENGTH) {
            previous.remove(previous.size() - 1);
        }
        previous.add(0, current.serialize());
    }

    /** The archived state at {@code index}, parsed, or null if unreadable (libsignal fails that candidate too). */
    SessionState archived(int index) {
        try {
            return SessionState.parse(new Proto.Reader(previous.get(index)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the current or an archived state started from Alice's base key {@code baseKey} (33 bytes). */
    boolean hasState(int version, byte[] baseKey) {
        if (current != null && current.sessionVersion() == version && Arrays.equals(current.aliceBaseKey, baseKey)) {
            return true;
        }
        for (int i = 0; i < previous.size(); i++) {
            SessionState state = archived(i);
            if (state != null && state.sessionVersion() == version && Arrays.equals(state.aliceBaseKey, baseKey)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RatchetRecord[current=" + (current != null) + ", previous=" + previous.size() + "]";
    }
}
