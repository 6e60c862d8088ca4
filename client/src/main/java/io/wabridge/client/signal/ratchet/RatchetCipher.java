package io.wabridge.client.signal.ratchet;

import io.wabridge.client.signal.ratchet.RatchetCrypto.MessageKeys;
import io.wabridge.client.signal.ratchet.RatchetException.Kind;
import io.wabridge.client.signal.ratchet.SessionState.Chain;
import io.wabridge.client.signal.ratchet.SessionState.MessageKey;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Double Ratchet of WhatsApp's 1:1 Signal sessions (message version 3) in Java, on live {@link RatchetRecord}s:
 * encrypting with an established session (msg, or pkmsg until the peer answers), decrypting msgs, and decrypting
 * pkmsgs of a session that already exists. It follows libsignal-client 0.23.1 step for step (same state changes,
 * same limits: {@value #MAX_FORWARD_JUMPS} forward jumps, {@value #MAX_MESSAGE_KEYS} kept message keys per chain,
 * {@value #MAX_RECEIVER_CHAINS} receiver chains, archived states tried after the current one), so the bytes it
 * writes and the records it leaves are the ones libsignal would. Session setup (X3DH from a bundle or from a new
 * pkmsg) stays with libsignal.
 *
 * <p>A failed operation leaves the record as it was: a decryption is computed on the side and applied only when the
 * MAC and the padding check out and the identity policy agrees (a pkmsg's identity key is saved before its
 * decryption, as libsignal saves it). Not thread-safe: one account's serial executor.
 */
public final class RatchetCipher {

    /** libsignal's {@code MAX_FORWARD_JUMPS}: how far ahead of its chain a message may be. */
    public static final int MAX_FORWARD_JUMPS = 25_000;
    /** libsignal's {@code MAX_MESSAGE_KEYS}: skipped message keys kept per receiver chain. */
    public static final int MAX_MESSAGE_KEYS = 2000;
    /** libsignal's {@code MAX_RECEIVER_CHAINS}. */
    public static final int MAX_RECEIVER_CHAINS = 5;

    static final int CURRENT_VERSION = 3;

    private final RatchetStore store;

    public RatchetCipher(RatchetStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A ciphertext: a pkmsg ({@code preKey}) while the peer has not answered, then a msg. */
    public record Ciphertext(boolean preKey, byte[] serialized) {
    }

    /**
     * Encrypts with the current state of the session with {@code address}.
     *
     * @throws RatchetException NO_SESSION, INVALID_SESSION or UNTRUSTED_IDENTITY
     */
    public Ciphertext encrypt(SignalAddress address, byte[] plaintext) throws RatchetException {
        RatchetRecord record = store.loadRecord(address);
        if (record == null || record.current == null) {
            throw new RatchetException(Kind.NO_SESSION, "no session with " + address);
        }
        SessionState state = record.current;
        Chain sender = state.senderChain;
        if (sender == null || !sender.hasChainKey || sender.key.length != 32 || !Keys.isPublicKey(sender.ratchetKey)) {
            throw new RatchetException(Kind.INVALID_SESSION, "no usable sender chain with " + address);
        }
        if (!Keys.isPublicKey(state.localIdentity) || !Keys.isPublicKey(state.remoteIdentity)) {
            throw new RatchetException(Kind.INVALID_SESSION, "no identity keys in the session with " + address);
        }
        byte[] theirIdentity = Keys.normalize(state.remoteIdentity);
        if (!store.isTrustedIdentity(address, theirIdentity, true)) {
            throw new RatchetException(Kind.UNTRUSTED_IDENTITY, "identity of " + address + " is not trusted");
        }
        int version = state.sessionVersion();
        MessageKeys keys = RatchetCrypto.messageKeys(sender.key, sender.index);
        byte[] body = RatchetCrypto.encrypt(keys, plaintext);
        byte[] message = WireMessages.signalMessage(version, keys.macKey(), Keys.normalize(sender.ratchetKey),
                sender.index, state.previousCounter, body, state.localIdentity, theirIdentity);
        SessionState.PendingPreKey pending = state.pendingPreKey;
        boolean preKey = pending != null;
        if (preKey) {
            message = WireMessages.preKeySignalMessage(version, state.localRegistrationId, pending.preKeyId(),
                    pending.signedPreKeyId(), Keys.normalize(pending.baseKey()), Keys.normalize(state.localIdentity),
                    message);
        }
        sender.setChainKey(sender.index + 1, RatchetCrypto.nextChainKey(sender.key));
        store.saveIdentity(address, theirIdentity);
        store.storeRecord(address, record);
        return new Ciphertext(preKey, message);
    }

    /**
     * Decrypts a msg with the current state, else an archived one (which then becomes current).
     *
     * @throws RatchetException MALFORMED, LEGACY_VERSION, UNKNOWN_VERSION, NO_SESSION, DECRYPTION_FAILED,
     *                          DUPLICATE or UNTRUSTED_IDENTITY
     */
    public byte[] decryptMessage(SignalAddress address, byte[] serialized) throws RatchetException {
        WireMessages.SignalMessage message = WireMessages.parseSignalMessage(serialized);
        RatchetRecord record = store.loadRecord(address);
        if (record == null) {
            throw new RatchetException(Kind.NO_SESSION, "no session with " + address);
        }
        byte[] plaintext = decryptWithRecord(address, record, message, false);
        store.storeRecord(address, record);
        return plaintext;
    }

    /** The one-time prekey a serialized pkmsg names, or null (none, or not a readable pkmsg). */
    public static Integer preKeyIdOf(byte[] serialized) {
        try {
            return WireMessages.parsePreKeySignalMessage(serialized).preKeyId();
        } catch (RatchetException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Decrypts a pkmsg whose session already exists (the peer keeps sending pkmsgs until it sees our answer), as
     * libsignal does: the identity policy first, then the record's state with the message's base key. Returns null,
     * changing nothing, when no state has that base key: setting up the session is libsignal's part.
     *
     * @throws RatchetException MALFORMED, LEGACY_VERSION, UNKNOWN_VERSION, DECRYPTION_FAILED, DUPLICATE or
     *                          UNTRUSTED_IDENTITY
     */
    public byte[] decryptPreKeyMessageOfKnownSession(SignalAddress address, byte[] serialized)
            throws RatchetException {
        WireMessages.PreKeySignalMessage message = WireMessages.parsePreKeySignalMessage(serialized);
        RatchetRecord record = store.loadRecord(address);
        if (record == null || !record.hasState(message.version(), message.baseKey())) {
            return null;
        }
        if (!store.isTrustedIdentity(address, message.identityKey(), false)) {
            throw new RatchetException(Kind.UNTRUSTED_IDENTITY, "identity of " + address + " is not trusted");
        }
        store.saveIdentity(address, message.identityKey());
        byte[] plaintext = decryptWithRecord(address, record, message.message(), true);
        store.storeRecord(address, record);
        return plaintext;
    }

    /**
     * libsignal's decrypt_message_with_record. For a msg the identity policy is then asked about the decrypting
     * state's peer identity, which is saved; a pkmsg's own identity key was checked and saved before (as libsignal
     * does: the inner message's MAC covers the state's keys, so a pkmsg's identity field is what gets recorded).
     */
    private byte[] decryptWithRecord(SignalAddress address, RatchetRecord record, WireMessages.SignalMessage message,
            boolean preKey) throws RatchetException {
        String kind = preKey ? "pkmsg" : "msg";
        List<String> failures = new ArrayList<>(2);
        if (record.current != null) {
            Attempt attempt = attempt(record.current, message, failures);
            if (attempt != null) {
                if (!preKey) {
                    checkTrust(address, attempt.state);
                    saveIdentity(address, attempt.state);
                }
                attempt.apply();
                return attempt.plaintext;
            }
        }
        for (int i = 0; i < record.previous.size(); i++) {
            SessionState archived = record.archived(i);
            if (archived == null) {
                failures.add("unreadable archived state");
                continue;
            }
            Attempt attempt = attempt(archived, message, failures);
            if (attempt != null) {
                if (!preKey) {
                    checkTrust(address, archived);
                    saveIdentity(address, archived);
                }
                attempt.apply();
                record.promote(i, archived);
                return attempt.plaintext;
            }
        }
        throw new RatchetException(Kind.DECRYPTION_FAILED, kind + " from " + address + " does not decrypt with "
                + (record.current == null ? 0 : 1) + " current and " + record.previous.size()
                + " archived states: " + failures);
    }

    private void checkTrust(SignalAddress address, SessionState state) throws RatchetException {
        if (!store.isTrustedIdentity(address, Keys.normalize(state.remoteIdentity), false)) {
            throw new RatchetException(Kind.UNTRUSTED_IDENTITY, "identity of " + address + " is not trusted");
        }
    }

    private void saveIdentity(SignalAddress address, SessionState state) {
        store.saveIdentity(address, Keys.normalize(state.remoteIdentity));
    }

    /**
     * Computes a decryption with {@code state} without changing it: null (reason added to {@code failures}) if the
     * state cannot decrypt the message, the plaintext and the state changes to apply otherwise.
     *
     * @throws RatchetException DUPLICATE when the message's key was used already (libsignal stops trying there)
     */
    private static Attempt attempt(SessionState state, WireMessages.SignalMessage message, List<String> failures)
            throws RatchetException {
        Chain sender = state.senderChain;
        if (sender == null) {
            failures.add("no sender chain");
            return null;
        }
        if (message.version() != state.sessionVersion()) {
            failures.add("version " + message.version() + " against " + state.sessionVersion());
            return null;
        }
        if (!Keys.isPublicKey(state.remoteIdentity) || !Keys.isPublicKey(state.localIdentity)) {
            failures.add("no identity keys");
            return null;
        }
        Attempt attempt = new Attempt(state, message);
        Chain chain = state.receiverChain(message.ratchetKey());
        byte[] chainKey;
        long chainIndex;
        if (chain != null) {
            if (!chain.hasChainKey || chain.key.length != 32) {
                failures.add("invalid receiver chain key");
                return null;
            }
            attempt.chain = chain;
            chainKey = chain.key;
            chainIndex = Integer.toUnsignedLong(chain.index);
        } else {
            if (state.rootKey.length != 32 || sender.ratchetKeyPrivate.length != 32 || !sender.hasChainKey) {
                failures.add("invalid root key or sender chain");
                return null;
            }
            byte[] receiving;
            byte[][] ours;
            byte[] sending;
            try {
                receiving = RatchetCrypto.createChain(state.rootKey, message.ratchetKey(), sender.ratchetKeyPrivate);
                ours = RatchetCrypto.generateRatchetKeyPair();
                sending = RatchetCrypto.createChain(Arrays.copyOf(receiving, 32), message.ratchetKey(), ours[0]);
            } catch (IllegalArgumentException e) {
                failures.add("ratchet step failed: " + e.getMessage());
                return null;
            }
            attempt.ours = ours;
            attempt.newRootKey = Arrays.copyOf(sending, 32);
            attempt.newSenderChainKey = Arrays.copyOfRange(sending, 32, 64);
            chainKey = Arrays.copyOfRange(receiving, 32, 64);
            attempt.newReceiverChainKey = chainKey;
            chainIndex = 0;
        }
        long counter = Integer.toUnsignedLong(message.counter());
        MessageKeys keys;
        if (chainIndex > counter) {
            int position = chain == null ? -1 : chain.messageKeyPosition(message.counter());
            if (position < 0) {
                throw new RatchetException(Kind.DUPLICATE, "duplicate message, counter " + counter
                        + " below chain index " + chainIndex);
            }
            MessageKey kept = chain.messageKeys.get(position);
            if (kept.cipherKey().length != 32 || kept.macKey().length != 32 || kept.iv().length != 16) {
                failures.add("invalid kept message key");
                return null;
            }
            keys = new MessageKeys(kept.index(), kept.cipherKey(), kept.macKey(), kept.iv());
            attempt.usedKeyPosition = position;
        } else {
            long jump = counter - chainIndex;
            if (jump > MAX_FORWARD_JUMPS && !state.withSelf()) {
                failures.add("message " + jump + " ahead of its chain");
                return null;
            }
            byte[] key = chainKey;
            List<MessageKeys> skipped = jump == 0 ? List.of() : new ArrayList<>((int) Math.min(jump, MAX_MESSAGE_KEYS));
            for (long i = chainIndex; i < counter; i++) {
                if (counter - i <= MAX_MESSAGE_KEYS) {
                    skipped.add(RatchetCrypto.messageKeys(key, (int) i));
                }
                key = RatchetCrypto.nextChainKey(key);
            }
            keys = RatchetCrypto.messageKeys(key, message.counter());
            attempt.skipped = skipped;
            attempt.nextChainKey = RatchetCrypto.nextChainKey(key);
        }
        byte[] serialized = message.serialized();
        byte[] mac = RatchetCrypto.messageMac(keys.macKey(), state.remoteIdentity, state.localIdentity, serialized,
                serialized.length - RatchetCrypto.MAC_LENGTH);
        if (!RatchetCrypto.macMatches(mac, serialized)) {
            failures.add("bad MAC");
            return null;
        }
        byte[] plaintext = RatchetCrypto.decrypt(keys, message.body());
        if (plaintext == null) {
            failures.add("bad padding");
            return null;
        }
        attempt.plaintext = plaintext;
        return attempt;
    }

    /** A successful decryption with one state and the changes it makes to that state. */
    private static final class Attempt {
        final SessionState state;
        final WireMessages.SignalMessage message;
        Chain chain;
        /** Our new ratchet key pair: private, public (serialized). */
        byte[][] ours;
        byte[] newRootKey;
        byte[] newSenderChainKey;
        byte[] newReceiverChainKey;
        int usedKeyPosition = -1;
        List<MessageKeys> skipped;
        byte[] nextChainKey;
        byte[] plaintext;

        Attempt(SessionState state, WireMessages.SignalMessage message) {
            this.state = state;
            this.message = message;
        }

        /** libsignal's changes in its order: ratchet step, kept keys, receiver chain key, pending prekey cleared. */
        void apply() {
            Chain target = chain;
            if (target == null) {
                state.rootKey = newRootKey;
                target = Chain.of(Keys.normalize(message.ratchetKey()), SessionState.EMPTY, 0, newReceiverChainKey);
                state.receiverChains.add(target);
                if (state.receiverChains.size() > MAX_RECEIVER_CHAINS) {
                    state.receiverChains.remove(0);
                }
                int senderIndex = state.senderChain.index;
                state.previousCounter = Integer.compareUnsigned(senderIndex, 0) > 0 ? senderIndex - 1 : 0;
                state.senderChain = Chain.of(ours[1], ours[0], 0, newSenderChainKey);
            }
            if (usedKeyPosition >= 0) {
                target.mutableMessageKeys().remove(usedKeyPosition);
            } else {
                if (!skipped.isEmpty()) {
                    ArrayList<MessageKey> keys = target.mutableMessageKeys();
                    ArrayList<MessageKey> merged = new ArrayList<>(
                            Math.min(MAX_MESSAGE_KEYS, skipped.size() + keys.size()));
                    for (int i = skipped.size() - 1; i >= 0 && merged.size() < MAX_MESSAGE_KEYS; i--) {
                        MessageKeys k = skipped.get(i);
                        merged.add(new MessageKey(k.counter(), k.cipherKey(), k.macKey(), k.iv()));
                    }
                    for (int i = 0; i < keys.size() && merged.size() < MAX_MESSAGE_KEYS; i++) {
                        merged.add(keys.get(i));
                    }
                    target.messageKeys = merged;
                }
                target.setChainKey(message.counter() + 1, nextChainKey);
            }
            state.pendingPreKey = null;
        }
    }
}
