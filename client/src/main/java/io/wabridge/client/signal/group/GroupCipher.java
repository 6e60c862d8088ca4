package io.wabridge.client.signal.group;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SenderKeyException.Failure;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp's group cipher: sender keys in the old libsignal layout (message version 3), which libsignal-client's
 * own group classes no longer speak. Each sender has one chain per group; its {@code SenderKeyDistributionMessage}
 * (sent pairwise inside a 1:1 Signal message) gives every member the chain key and the signing key; then one
 * {@code skmsg} per group message, AES-256-CBC under the chain's next message key and signed with XEdDSA.
 *
 * <p>Records live in the session's {@link SenderKeyStore} per (group, sender address), as libsignal's
 * {@code SenderKeyRecordStructure}; a decrypt or encrypt stores the record only when it succeeded, so a failed
 * message changes nothing. Not thread-safe: one instance per session, used on the session's serial executor.
 *
 * <p>Decrypt follows libsignal: the key id picks the state, the signature must verify, an iteration ahead of the
 * chain derives and caches the skipped keys (at most {@link #MAX_FORWARD_ITERATIONS} ahead; at most
 * {@link SenderKeyState#MAX_MESSAGE_KEYS} cached), a cached iteration is used once, anything else behind the
 * chain is a duplicate. Every failure is a {@link SenderKeyException} naming its {@link Failure}.
 */
public final class GroupCipher {

    /** How far ahead of the chain a message may be, as libsignal. */
    public static final int MAX_FORWARD_ITERATIONS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCipher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SenderKeyStore store;
    private SignaturesAhead ahead;
    private java.util.function.Predicate<SenderKeyName> deferUnless;
    private final java.util.Map<SenderKeyName, java.util.List<SenderKeyMessages.Distribution>> deferred =
            new java.util.LinkedHashMap<>();

    public GroupCipher(SenderKeyStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Checks the signatures of {@code skmsg}s handed to {@link #verifyAhead} on {@code pool} (a shared CPU pool, not
     * the session's executor) while they wait; their {@link #decrypt} then skips that check (see
     * {@link SignaturesAhead}: never less checked). Off by default.
     */
    public void verifyAheadOn(java.util.concurrent.Executor pool) {
        this.ahead = new SignaturesAhead(Objects.requireNonNull(pool, "pool"));
    }

    /**
     * An {@code skmsg} of {@code sender} that will wait before its {@link #decrypt}: its signature is checked
     * meanwhile on the pool when the sender's signing key for its key id is known. Does nothing when off.
     */
    public void verifyAhead(SenderKeyName sender, byte[] senderKeyMessage) {
        if (ahead != null) {
            ahead.submit(sender, senderKeyMessage);
        }
    }

    /** Decryptions that used a signature check made ahead (tests and probes); 0 when off. */
    public long verifiedAhead() {
        return ahead == null ? 0 : ahead.used();
    }

    /**
     * Our distribution message for {@code own} (the group and our own device address): the current state of our
     * sender key, created first when we have none (random 31-bit key id, iteration 0, random 32-byte chain key, new
     * Curve25519 signing key). The bytes go into {@code Message.senderKeyDistributionMessage
     * .axolotlSenderKeyDistributionMessage}.
     */
    public byte[] createDistribution(SenderKeyName own) {
        SenderKeyRecord record = load(own).orElse(null);
        SenderKeyState state = record == null ? null : record.current();
        if (state == null || !state.hasSigningPrivateKey()) {
            record = new SenderKeyRecord();
            X25519KeyPair signing = X25519.generateKeyPair();
            byte[] chainKey = new byte[SenderKeyChain.KEY_LENGTH];
            RANDOM.nextBytes(chainKey);
            state = new SenderKeyState(RANDOM.nextInt(Integer.MAX_VALUE), 0, chainKey,
                    XEdDsa.withTypePrefix(signing.publicKey()), signing.privateKey());
            record.setOwnState(state);
            store.store(own, record.serialize());
        }
        return SenderKeyMessages.serializeDistribution(state.keyId(), state.iteration(), state.chainKeyRef(),
                state.signingPublicRef());
    }

    /**
     * Stores a member's sender key from their distribution message (received pairwise). While
     * {@link #deferDistributions} is on, a record that {@code inMemory} says would be read from the store is not
     * read: the parsed distribution waits, in order, for {@link #applyDeferred} (a malformed one still fails here).
     */
    public void processDistribution(SenderKeyName sender, byte[] distributionMessage) throws SenderKeyException {
        SenderKeyMessages.Distribution distribution = SenderKeyMessages.parseDistribution(distributionMessage);
        if (deferred.containsKey(sender) || deferUnless != null && !deferUnless.test(sender)) {
            deferred.computeIfAbsent(sender, k -> new java.util.ArrayList<>(1)).add(distribution);
            return;
        }
        apply(sender, distribution);
    }

    /**
     * From now on until {@link #stopDeferring}, a distribution message whose record {@code inMemory} does not hold
     * (it would be read from the store on this thread) is deferred: a receive batch names the records it reads before
     * decrypting, but the group of a distribution message that came in a 1:1 message is only inside its ciphertext.
     */
    public void deferDistributions(java.util.function.Predicate<SenderKeyName> inMemory) {
        this.deferUnless = Objects.requireNonNull(inMemory, "inMemory");
    }

    /** Ends {@link #deferDistributions}: the names of the records the deferred distributions need, in order. */
    public java.util.Set<SenderKeyName> stopDeferring() {
        deferUnless = null;
        return new java.util.LinkedHashSet<>(deferred.keySet());
    }

    /** Stores the deferred distributions, in the order they came (their records read ahead meanwhile). */
    public void applyDeferred() {
        for (SenderKeyName name : stopDeferring()) {
            applyDeferred(name);
        }
    }

    /** Forgets the deferred distributions (their batch failed: the server delivers them again). */
    public void dropDeferred() {
        deferUnless = null;
        deferred.clear();
    }

    private void applyDeferred(SenderKeyName name) {
        java.util.List<SenderKeyMessages.Distribution> waiting = deferred.remove(name);
        if (waiting != null) {
            for (SenderKeyMessages.Distribution distribution : waiting) {
                apply(name, distribution);
            }
        }
    }

    private void apply(SenderKeyName sender, SenderKeyMessages.Distribution distribution) {
        SenderKeyRecord record = load(sender).orElseGet(SenderKeyRecord::new);
        if (record.addState(distribution.keyId(), distribution.iteration(), distribution.chainKey(),
                distribution.signingKey())) {
            store.store(sender, record.serialize());
        }
        if (ahead != null) {
            SenderKeyState state = record.state(distribution.keyId());
            if (state != null) {
                ahead.known(sender, distribution.keyId(), state.signingPublicRef());
            }
        }
    }

    /** Whether we hold any sender key of {@code sender} in its group. */
    public boolean hasSenderKey(SenderKeyName sender) {
        return load(sender).map(record -> !record.isEmpty()).orElse(false);
    }

    /**
     * Encrypts {@code plaintext} (already padded as WhatsApp pads message bodies) with our sender key: the
     * serialized {@code skmsg}. Advances and stores our chain.
     *
     * @throws SenderKeyException {@link Failure#NO_SENDER_KEY} when {@link #createDistribution} never ran for
     *                            this group
     */
    public byte[] encrypt(SenderKeyName own, byte[] plaintext) throws SenderKeyException {
        SenderKeyRecord record = load(own).orElse(null);
        SenderKeyState state = record == null ? null : record.current();
        if (state == null || !state.hasSigningPrivateKey()) {
            throw new SenderKeyException(Failure.NO_SENDER_KEY, "no own sender key for " + own
                    + ": create the distribution message first");
        }
        int iteration = state.iteration();
        if (iteration == Integer.MAX_VALUE) {
            throw new IllegalStateException("sender key chain exhausted for " + own + ": rotate the key");
        }
        byte[] chainKey = state.chainKeyRef();
        byte[] ciphertext = SenderKeyChain.encrypt(SenderKeyChain.messageKeySeed(chainKey), plaintext);
        byte[] message = SenderKeyMessages.serializeMessage(state.keyId(), iteration, ciphertext,
                state.signingPrivate());
        state.setChain(iteration + 1, SenderKeyChain.nextChainKey(chainKey));
        store.store(own, record.serialize());
        return message;
    }

    /** Decrypts an {@code skmsg} of {@code sender}: the (still padded) plaintext. */
    public byte[] decrypt(SenderKeyName sender, byte[] senderKeyMessage) throws SenderKeyException {
        SenderKeyMessages.Message message = SenderKeyMessages.parseMessage(senderKeyMessage);
        SenderKeyRecord record = load(sender).orElse(null);
        if (record == null || record.isEmpty()) {
            throw new SenderKeyException(Failure.NO_SENDER_KEY, "no sender key for " + sender);
        }
        SenderKeyState state = record.state(message.keyId());
        if (state == null) {
            throw new SenderKeyException(Failure.UNKNOWN_KEY_ID, "no sender key with id "
                    + Integer.toUnsignedString(message.keyId()) + " for " + sender);
        }
        boolean checkedAhead = ahead != null && ahead.verified(sender, message, state.signingPublicRef());
        if (!checkedAhead && !XEdDsa.verify(state.signingPublicRef(), Arrays.copyOf(message.serialized(),
                message.signed()), Arrays.copyOfRange(message.serialized(), message.signed(), message.serialized().length))) {
            throw new SenderKeyException(Failure.BAD_SIGNATURE, "sender key message signature does not verify for "
                    + sender);
        }
        byte[] seed = messageKeySeed(state, message.iteration(), sender);
        byte[] plaintext = SenderKeyChain.decrypt(seed, message.ciphertext());
        if (plaintext == null) {
            throw new SenderKeyException(Failure.BAD_CIPHERTEXT, "sender key message body does not decrypt for "
                    + sender + " at iteration " + message.iteration());
        }
        store.store(sender, record.serialize());
        if (ahead != null) {
            ahead.known(sender, message.keyId(), state.signingPublicRef());
        }
        return plaintext;
    }

    /**
     * Drops our own sender key in a group (a participant left or was removed): the next
     * {@link #createDistribution} makes a new one, which must then go to every remaining device.
     */
    public void rotate(SenderKeyName own) {
        store.delete(own);
    }

    /** The seed of {@code iteration}'s message key, moving the state's chain and cache as libsignal does. */
    private static byte[] messageKeySeed(SenderKeyState state, int iteration, SenderKeyName sender)
            throws SenderKeyException {
        int chainIteration = state.iteration();
        if (chainIteration > iteration) {
            byte[] cached = state.removeMessageKey(iteration);
            if (cached == null) {
                throw new SenderKeyException(Failure.DUPLICATE, "sender key message of " + sender + " at iteration "
                        + iteration + " is behind the chain (" + chainIteration + ") and not cached: a duplicate");
            }
            return cached;
        }
        if (iteration - chainIteration > MAX_FORWARD_ITERATIONS) {
            throw new SenderKeyException(Failure.TOO_FAR_IN_FUTURE, "sender key message of " + sender
                    + " at iteration " + iteration + " is more than " + MAX_FORWARD_ITERATIONS
                    + " ahead of the chain (" + chainIteration + ")");
        }
        byte[] chainKey = state.chainKeyRef();
        for (int i = chainIteration; i < iteration; i++) {
            state.addMessageKey(i, SenderKeyChain.messageKeySeed(chainKey));
            chainKey = SenderKeyChain.nextChainKey(chainKey);
        }
        byte[] seed = SenderKeyChain.messageKeySeed(chainKey);
        state.setChain(iteration + 1, SenderKeyChain.nextChainKey(chainKey));
        return seed;
    }

    /**
     * The stored record, parsed; a record that does not parse is treated as absent (and replaced by the next
     * distribution message), so one corrupt entry costs a retry, never a stuck group.
     */
    private Optional<SenderKeyRecord> load(SenderKeyName name) {
        if (!deferred.isEmpty()) {
            // A deferred distribution of this record is stored first (read here, as before deferring existed): a
            // later message of the batch that needs it, and was not read ahead under this name, sees it.
            applyDeferred(name);
        }
        Optional<byte[]> bytes = store.load(name);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SenderKeyRecord.parse(bytes.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("stored sender key record of {} does not parse ({}); treated as absent", name, e.getMessage());
            return Optional.empty();
        }
    }
}
