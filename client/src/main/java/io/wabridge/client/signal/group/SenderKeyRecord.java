package io.wabridge.client.signal.group;

import io.wabridge.client.signal.ratchet.Proto;
import java.util.ArrayList;
import java.util.List;

/**
 * The sender keys of one sender in one group (libsignal's {@code SenderKeyRecordStructure}: field 1, repeated
 * states), newest first, at most {@link #MAX_STATES}. Our own record holds one state, with its private signing key.
 * Serialized in libsignal's protobuf layout, so a record is portable to libsignal-based stores (whatsmeow's, or
 * libsignal-client's own {@code SenderKeyRecord}, which reads and re-writes it byte for byte).
 */
public final class SenderKeyRecord {

    /** Sender keys kept per sender, as libsignal: the oldest is dropped beyond this. */
    public static final int MAX_STATES = 5;

    private final List<SenderKeyState> states;

    public SenderKeyRecord() {
        this.states = new ArrayList<>(1);
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a sender key record */
    public static SenderKeyRecord parse(byte[] bytes) {
        SenderKeyRecord record = new SenderKeyRecord();
        Proto.Reader in = new Proto.Reader(bytes);
        while (in.hasMore()) {
            int tag = in.tag();
            if (tag == (1 << 3 | Proto.LEN)) {
                record.states.add(SenderKeyState.read(in.message()));
            } else {
                in.skip(tag);
            }
        }
        return record;
    }

    public byte[] serialize() {
        Proto.Writer out = new Proto.Writer(160);
        Proto.Writer state = new Proto.Writer(160);
        for (SenderKeyState s : states) {
            state.reset();
            s.writeTo(state);
            out.message(1, state);
        }
        return out.toByteArray();
    }

    public boolean isEmpty() {
        return states.isEmpty();
    }

    /** The states, newest first (read-only view). */
    public List<SenderKeyState> states() {
        return List.copyOf(states);
    }

    /** The newest state (the one we encrypt with when the record is ours), or null. */
    public SenderKeyState current() {
        return states.isEmpty() ? null : states.get(0);
    }

    /** The newest state with {@code keyId}, or null. */
    public SenderKeyState state(int keyId) {
        for (SenderKeyState state : states) {
            if (state.keyId() == keyId) {
                return state;
            }
        }
        return null;
    }

    /**
     * Adds a sender's state from a distribution message in front (newest), dropping the oldest beyond
     * {@link #MAX_STATES}, as libsignal-client does: a distribution message for a key we already hold (same id and
     * signing key, as a retry re-sends it) moves the state we have to the front instead of resetting its chain
     * (which would let already-decrypted messages decrypt again), and a state with the same id but another signing
     * key is dropped.
     *
     * @return whether the record changed
     */
    boolean addState(int keyId, int iteration, byte[] chainKey, byte[] signingPublic) {
        SenderKeyState kept = null;
        for (SenderKeyState state : states) {
            if (state.keyId() == keyId && state.sameSigningKey(signingPublic)) {
                kept = state;
                break;
            }
        }
        if (kept != null && states.get(0) == kept) {
            return false;
        }
        states.removeIf(state -> state.keyId() == keyId);
        states.add(0, kept != null ? kept : new SenderKeyState(keyId, iteration, chainKey, signingPublic, null));
        while (states.size() > MAX_STATES) {
            states.remove(states.size() - 1);
        }
        return true;
    }

    /** Makes {@code state} (our own new sender key) the only one. */
    void setOwnState(SenderKeyState state) {
        states.clear();
        states.add(state);
    }
}
