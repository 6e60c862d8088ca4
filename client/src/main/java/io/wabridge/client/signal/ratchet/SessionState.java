package io.wabridge.client.signal.ratchet;

import java.util.ArrayList;
import java.util.List;

/**
 * One Double Ratchet session state, field for field libsignal's {@code SessionStructure} (storage.proto of
 * libsignal-client 0.23.1), so a state read from the store and written back is what libsignal itself would write.
 * Public keys keep libsignal's 33-byte form (0x05 prefix), private keys are raw 32 bytes. Mutable, owned by one
 * account's serial executor.
 */
final class SessionState {

    static final byte[] EMPTY = new byte[0];

    /** The stored version field; 0 means 2 (libsignal's reading). */
    int version;
    byte[] localIdentity = EMPTY;
    byte[] remoteIdentity = EMPTY;
    byte[] rootKey = EMPTY;
    int previousCounter;
    /** Null when the state has no sender chain. */
    Chain senderChain;
    /** Oldest first: libsignal trims from the front. */
    final ArrayList<Chain> receiverChains;
    /** Null once the peer has answered. */
    PendingPreKey pendingPreKey;
    int remoteRegistrationId;
    int localRegistrationId;
    byte[] aliceBaseKey = EMPTY;

    SessionState() {
        this.receiverChains = new ArrayList<>(2);
    }

    int sessionVersion() {
        return version == 0 ? 2 : version;
    }

    /** The receiver chain whose sender ratchet key is {@code ratchetKey} (33 bytes), or null. */
    Chain receiverChain(byte[] ratchetKey) {
        for (int i = 0, n = receiverChains.size(); i < n; i++) {
            Chain chain = receiverChains.get(i);
            if (Keys.samePublicKey(chain.ratchetKey, ratchetKey)) {
                return chain;
            }
        }
        return null;
    }

    boolean withSelf() {
        return remoteIdentity.length > 0 && Keys.samePublicKey(remoteIdentity, localIdentity);
    }

    /** One chain: the sender chain carries our private ratchet key, receiver chains the skipped message keys. */
    static final class Chain {
        byte[] ratchetKey = EMPTY;
        byte[] ratchetKeyPrivate = EMPTY;
        boolean hasChainKey;
        int index;
        byte[] key = EMPTY;
        /** Newest first, as libsignal inserts at the front and trims at the end. */
        List<MessageKey> messageKeys = List.of();

        static Chain of(byte[] ratchetKey, byte[] ratchetKeyPrivate, int index, byte[] key) {
            Chain chain = new Chain();
            chain.ratchetKey = ratchetKey;
            chain.ratchetKeyPrivate = ratchetKeyPrivate;
            chain.hasChainKey = true;
            chain.index = index;
            chain.key = key;
            return chain;
        }

        void setChainKey(int newIndex, byte[] newKey) {
            hasChainKey = true;
            index = newIndex;
            key = newKey;
        }

        /** The position of the kept message key for {@code counter}, or -1. */
        int messageKeyPosition(int counter) {
            for (int i = 0, n = messageKeys.size(); i < n; i++) {
                if (messageKeys.get(i).index == counter) {
                    return i;
                }
            }
            return -1;
        }

        ArrayList<MessageKey> mutableMessageKeys() {
            if (!(messageKeys instanceof ArrayList<MessageKey> list)) {
                ArrayList<MessageKey> copy = new ArrayList<>(messageKeys);
                messageKeys = copy;
                return copy;
            }
            return list;
        }
    }

    /** A kept key of a skipped message. */
    record MessageKey(int index, byte[] cipherKey, byte[] macKey, byte[] iv) {
    }

    /** What a pkmsg carries until the peer answers; {@code preKeyId} is null without a one-time prekey. */
    record PendingPreKey(Integer preKeyId, int signedPreKeyId, byte[] baseKey) {
    }

    // ---- storage.proto SessionStructure ----

    static SessionState parse(Proto.Reader in) {
        SessionState state = new SessionState();
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 -> state.version = in.int32();
                case 2 << 3 | Proto.LEN -> state.localIdentity = in.bytes();
                case 3 << 3 | Proto.LEN -> state.remoteIdentity = in.bytes();
                case 4 << 3 | Proto.LEN -> state.rootKey = in.bytes();
                case 5 << 3 -> state.previousCounter = in.int32();
                case 6 << 3 | Proto.LEN -> state.senderChain = parseChain(in.message(), state.senderChain);
                case 7 << 3 | Proto.LEN -> state.receiverChains.add(parseChain(in.message(), null));
                case 9 << 3 | Proto.LEN -> state.pendingPreKey = parsePending(in.message(), state.pendingPreKey);
                case 10 << 3 -> state.remoteRegistrationId = in.int32();
                case 11 << 3 -> state.localRegistrationId = in.int32();
                case 13 << 3 | Proto.LEN -> state.aliceBaseKey = in.bytes();
                default -> in.skip(tag);
            }
        }
        return state;
    }

    /** Repeated occurrences of a message field merge, as protobuf defines (and prost does). */
    private static Chain parseChain(Proto.Reader in, Chain into) {
        Chain chain = into == null ? new Chain() : into;
        ArrayList<MessageKey> keys = null;
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 | Proto.LEN -> chain.ratchetKey = in.bytes();
                case 2 << 3 | Proto.LEN -> chain.ratchetKeyPrivate = in.bytes();
                case 3 << 3 | Proto.LEN -> {
                    Proto.Reader ck = in.message();
                    chain.hasChainKey = true;
                    while (ck.hasMore()) {
                        int t = ck.tag();
                        switch (t) {
                            case 1 << 3 -> chain.index = ck.int32();
                            case 2 << 3 | Proto.LEN -> chain.key = ck.bytes();
                            default -> ck.skip(t);
                        }
                    }
                }
                case 4 << 3 | Proto.LEN -> {
                    if (keys == null) {
                        keys = chain.mutableMessageKeys();
                    }
                    keys.add(parseMessageKey(in.message()));
                }
                default -> in.skip(tag);
            }
        }
        return chain;
    }

    private static MessageKey parseMessageKey(Proto.Reader in) {
        int index = 0;
        byte[] cipherKey = EMPTY;
        byte[] macKey = EMPTY;
        byte[] iv = EMPTY;
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 -> index = in.int32();
                case 2 << 3 | Proto.LEN -> cipherKey = in.bytes();
                case 3 << 3 | Proto.LEN -> macKey = in.bytes();
                case 4 << 3 | Proto.LEN -> iv = in.bytes();
                default -> in.skip(tag);
            }
        }
        return new MessageKey(index, cipherKey, macKey, iv);
    }

    private static PendingPreKey parsePending(Proto.Reader in, PendingPreKey into) {
        Integer preKeyId = into == null ? null : into.preKeyId();
        int signedPreKeyId = into == null ? 0 : into.signedPreKeyId();
        byte[] baseKey = into == null ? EMPTY : into.baseKey();
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 -> preKeyId = in.int32();
                case 3 << 3 -> signedPreKeyId = in.int32();
                case 2 << 3 | Proto.LEN -> baseKey = in.bytes();
                default -> in.skip(tag);
            }
        }
        return new PendingPreKey(preKeyId, signedPreKeyId, baseKey);
    }

    /** Writes the fields in field-number order as libsignal (prost) does, defaults left out: equal states, equal bytes. */
    void writeTo(Proto.Writer out) {
        out.uint32IfSet(1, version)
                .bytesIfSet(2, localIdentity)
                .bytesIfSet(3, remoteIdentity)
                .bytesIfSet(4, rootKey)
                .uint32IfSet(5, previousCounter);
        if (senderChain != null) {
            out.message(6, writeChain(senderChain));
        }
        for (int i = 0, n = receiverChains.size(); i < n; i++) {
            out.message(7, writeChain(receiverChains.get(i)));
        }
        if (pendingPreKey != null) {
            Proto.Writer pending = new Proto.Writer(48);
            if (pendingPreKey.preKeyId() != null) {
                pending.uint32(1, pendingPreKey.preKeyId());
            }
            pending.bytesIfSet(2, pendingPreKey.baseKey());
            if (pendingPreKey.signedPreKeyId() != 0) {
                pending.int32(3, pendingPreKey.signedPreKeyId());
            }
            out.message(9, pending);
        }
        out.uint32IfSet(10, remoteRegistrationId)
                .uint32IfSet(11, localRegistrationId)
                .bytesIfSet(13, aliceBaseKey);
    }

    byte[] serialize() {
        Proto.Writer out = new Proto.Writer(512);
        writeTo(out);
        return out.toByteArray();
    }

    private static Proto.Writer writeChain(Chain chain) {
        Proto.Writer out = new Proto.Writer(112 + chain.messageKeys.size() * 90);
        out.bytesIfSet(1, chain.ratchetKey).bytesIfSet(2, chain.ratchetKeyPrivate);
        if (chain.hasChainKey) {
            Proto.Writer ck = new Proto.Writer(40);
            ck.uint32IfSet(1, chain.index).bytesIfSet(2, chain.key);
            out.message(3, ck);
        }
        Proto.Writer mk = null;
        for (MessageKey key : chain.messageKeys) {
            if (mk == null) {
                mk = new Proto.Writer(96);
            } else {
                mk.reset();
            }
            mk.uint32IfSet(1, key.index()).bytesIfSet(2, key.cipherKey()).bytesIfSet(3, key.macKey())
                    .bytesIfSet(4, key.iv());
            out.message(4, mk);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SessionState[version=" + version + ", receiverChains=" + receiverChains.size() + ", pending="
                + (pendingPreKey != null) + "]";
    }
}
