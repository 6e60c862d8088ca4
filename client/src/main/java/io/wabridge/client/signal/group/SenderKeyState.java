package io.wabridge.client.signal.group;

import io.wabridge.client.signal.ratchet.Proto;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sender key of one sender in one group (libsignal's {@code SenderKeyStateStructure}): the key id, the chain key
 * (iteration and 32-byte seed), the signing key (33-byte public, plus the 32-byte private key when it is our own)
 * and the message-key seeds of skipped iterations, oldest first, at most {@link #MAX_MESSAGE_KEYS}. Mutable; owned
 * by the {@link SenderKeyRecord} that holds it, on the session's executor.
 */
public final class SenderKeyState {

    /** Skipped message keys kept per state, as libsignal: the oldest is dropped beyond this. */
    public static final int MAX_MESSAGE_KEYS = 2000;

    private final int keyId;
    private int iteration;
    private byte[] chainKey;
    private final byte[] signingPublic;
    private final byte[] signingPrivate;
    /** iteration -> message key seed, in insertion (= iteration) order. */
    private final LinkedHashMap<Integer, byte[]> messageKeys;

    SenderKeyState(int keyId, int iteration, byte[] chainKey, byte[] signingPublic, byte[] signingPrivate) {
        this.keyId = keyId;
        this.iteration = iteration;
        this.chainKey = chainKey;
        this.signingPublic = signingPublic;
        this.signingPrivate = signingPrivate;
        this.messageKeys = new LinkedHashMap<>();
    }

    public int keyId() {
        return keyId;
    }

    /** The iteration of the next message key the chain gives. */
    public int iteration() {
        return iteration;
    }

    public byte[] chainKey() {
        return chainKey.clone();
    }

    /** The 33-byte (0x05-prefixed) signing public key. */
    public byte[] signingPublicKey() {
        return signingPublic.clone();
    }

    /** Whether this state can sign (it is our own sender key). */
    public boolean hasSigningPrivateKey() {
        return signingPrivate != null;
    }

    byte[] signingPrivate() {
        return signingPrivate;
    }

    byte[] chainKeyRef() {
        return chainKey;
    }

    byte[] signingPublicRef() {
        return signingPublic;
    }

    void setChain(int newIteration, byte[] newChainKey) {
        this.iteration = newIteration;
        this.chainKey = newChainKey;
    }

    /** The number of skipped message keys cached. */
    public int cachedMessageKeys() {
        return messageKeys.size();
    }

    void addMessageKey(int keyIteration, byte[] seed) {
        messageKeys.put(keyIteration, seed);
        if (messageKeys.size() > MAX_MESSAGE_KEYS) {
            Iterator<Map.Entry<Integer, byte[]>> oldest = messageKeys.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The cached seed of {@code keyIteration}, removed (each message key is used once), or null. */
    byte[] removeMessageKey(int keyIteration) {
        return messageKeys.remove(keyIteration);
    }

    // libsignal's SenderKeyStateStructure (proto3 as libsignal-client writes it, which also reads libsignal-java's
    // proto2 records): 1 senderKeyId, 2 senderChainKey {1 iteration, 2 seed}, 3 senderSigningKey {1 public,
    // 2 private}, 4 repeated senderMessageKeys {1 iteration, 2 seed}. Field 5 (message_version) is left unset,
    // which libsignal reads as version 3.
    void writeTo(Proto.Writer out) {
        out.uint32IfSet(1, keyId);
        Proto.Writer chain = new Proto.Writer(40);
        chain.uint32IfSet(1, iteration).bytesIfSet(2, chainKey);
        out.message(2, chain);
        Proto.Writer signing = new Proto.Writer(72);
        signing.bytesIfSet(1, signingPublic);
        if (signingPrivate != null) {
            signing.bytesIfSet(2, signingPrivate);
        }
        out.message(3, signing);
        Proto.Writer key = new Proto.Writer(40);
        for (Map.Entry<Integer, byte[]> entry : messageKeys.entrySet()) {
            key.reset();
            key.uint32IfSet(1, entry.getKey()).bytesIfSet(2, entry.getValue());
            out.message(4, key);
        }
    }

    static SenderKeyState read(Proto.Reader in) {
        int id = 0;
        int chainIteration = 0;
        byte[] seed = new byte[0];
        byte[] publicKey = new byte[0];
        byte[] privateKey = null;
        LinkedHashMap<Integer, byte[]> keys = new LinkedHashMap<>();
        while (in.hasMore()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 | Proto.VARINT -> id = in.int32();
                case 2 << 3 | Proto.LEN -> {
                    IterationSeed chain = IterationSeed.read(in.message());
                    chainIteration = chain.iteration();
                    seed = chain.seed();
                }
                case 3 << 3 | Proto.LEN -> {
                    Proto.Reader signing = in.message();
                    while (signing.hasMore()) {
                        int t = signing.tag();
                        switch (t) {
                            case 1 << 3 | Proto.LEN -> publicKey = signing.bytes();
                            case 2 << 3 | Proto.LEN -> privateKey = signing.bytes();
                            default -> signing.skip(t);
                        }
                    }
                }
                case 4 << 3 | Proto.LEN -> {
                    IterationSeed key = IterationSeed.read(in.message());
                    keys.put(key.iteration(), key.seed());
                }
                default -> in.skip(tag);
            }
        }
        if (seed.length != SenderKeyChain.KEY_LENGTH) {
            throw new IllegalArgumentException("sender key chain key must be 32 bytes, got " + seed.length);
        }
        byte[] signingPublic = SenderKeyChain.normalizePublicKey(publicKey);
        if (privateKey != null && privateKey.length == 0) {
            privateKey = null;
        }
        SenderKeyState state = new SenderKeyState(id, chainIteration, seed, signingPublic, privateKey);
        state.messageKeys.putAll(keys);
        return state;
    }

    /** {@code SenderChainKey} and {@code SenderMessageKey} share one shape: 1 iteration, 2 seed. */
    private record IterationSeed(int iteration, byte[] seed) {
        static IterationSeed read(Proto.Reader in) {
            int iteration = 0;
            byte[] seed = new byte[0];
            while (in.hasMore()) {
                int tag = in.tag();
                switch (tag) {
                    case 1 << 3 | Proto.VARINT -> iteration = in.int32();
                    case 2 << 3 | Proto.LEN -> seed = in.bytes();
                    default -> in.skip(tag);
                }
            }
            return new IterationSeed(iteration, seed);
        }
    }

    @Override
    public String toString() {
        return "SenderKeyState[id=" + Integer.toUnsignedString(keyId) + ", iteration=" + Integer.toUnsignedString(iteration)
                + ", cached=" + messageKeys.size() + ", own=" + (signingPrivate != null) + "]";
    }

    boolean sameSigningKey(byte[] otherPublic) {
        return Arrays.equals(signingPublic, otherPublic);
    }
}
