package io.wabridge.client.signal;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.ratchet.RatchetCipher;
import io.wabridge.client.signal.ratchet.RatchetException;
import io.wabridge.client.store.SignalAddress;
import java.util.Objects;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;

/**
 * Signal 1:1 encryption with WhatsApp device JIDs (message version 3, no Kyber: the version that interoperates with
 * WhatsApp). Established sessions run on the Java Double Ratchet ({@link RatchetCipher}, live records, no native
 * calls): encrypting, decrypting msgs and the pkmsgs of a known session. Setting a session up (a prekey bundle, a
 * pkmsg that starts a new session) stays with libsignal-client 0.23.1, on the same stored records. Failures become
 * {@link SignalCipherException}s that name the retry reason, the same for both.
 *
 * <p>Runs on the account's serial executor, like its {@link CipherStores}: not thread-safe. Every write lands in
 * the stores; with {@link io.wabridge.client.signal.store.SignalStores} it stays pending until their flush.
 * Group (sender key) ciphers sit beside this class on the same stores and executor.
 */
public final class SignalCipher {

    /** Addresses whose move to their LID form was already looked at (bounded; a miss only costs a store read). */
    private static final int MOVED_MEMORY = 1024;

    private final CipherStores stores;
    private final RatchetCipher ratchet;
    private final SessionAddressing addressing;
    private final java.util.Set<SignalAddress> movedChecked = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<SignalAddress, Boolean> eldest) {
                    return size() > MOVED_MEMORY;
                }
            });

    public SignalCipher(CipherStores stores) {
        this(stores, SessionAddressing.AS_NAMED);
    }

    /**
     * @param addressing which device's session serves a device (the LID twin of a phone-number device once known):
     *                   a session still stored under the other form is moved there on first use
     */
    public SignalCipher(CipherStores stores, SessionAddressing addressing) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.ratchet = new RatchetCipher(stores.ratchetStore());
        this.addressing = Objects.requireNonNull(addressing, "addressing");
    }

    public boolean hasSession(Jid device) {
        return stores.containsSession(sessionAddress(device));
    }

    /**
     * The Signal address of the session serving {@code device}. When the addressing names another device (the LID
     * twin of a phone-number device), a session still stored under the device's own address is moved there first,
     * with its peer identity, and the old one deleted (whatsmeow {@code MigratePNToLID}, Baileys
     * {@code migrateSession}); where both exist the twin's wins. Looked at once per address and cipher.
     */
    public SignalAddress sessionAddress(Jid device) {
        SignalAddress named = SignalAddresses.of(device);
        Jid target = addressing.sessionDevice(device);
        if (target == null || target.equals(device)) {
            return named;
        }
        SignalAddress twin = SignalAddresses.of(target);
        if (movedChecked.add(named) && stores.containsSession(named)) {
            var records = stores.ratchetStore();
            if (!stores.containsSession(twin)) {
                io.wabridge.client.signal.ratchet.RatchetRecord record = records.loadRecord(named);
                if (record != null) {
                    records.storeRecord(twin, record);
                    byte[] identity = record.remoteIdentity();
                    if (identity != null) {
                        records.saveIdentity(twin, identity);
                    }
                }
            }
            stores.sessionStore().deleteSession(SignalAddresses.toProtocolAddress(named));
        }
        return twin;
    }

    /**
     * Adds the addresses whose records {@link #sessionAddress} and a cipher operation with {@code device} may read
     * (its own and its twin's), without moving anything: for reading them ahead off the executor.
     *
     * @throws NotADeviceJidException if {@code device} names no user device
     */
    public void sessionAddressesOf(Jid device, java.util.Collection<SignalAddress> into) {
        SignalAddress named = SignalAddresses.of(device);
        Jid target = addressing.sessionDevice(device);
        if (target == null || target.equals(device)) {
            into.add(named);
            return;
        }
        if (!movedChecked.contains(named)) { // checked once: sessionAddress never reads it again
            into.add(named);
        }
        into.add(SignalAddresses.of(target));
    }

    /** Forgets the session with one device (its next message needs a new pkmsg). */
    public void deleteSession(Jid device) {
        stores.sessionStore().deleteSession(SignalAddresses.toProtocolAddress(sessionAddress(device)));
    }

    /**
     * Starts a session with a device from its prekey bundle (replacing any existing one); the next
     * {@link #encrypt} gives a pkmsg.
     *
     * @throws InvalidSignalKeyException if a key is malformed or the signed prekey signature does not verify
     * @throws IdentityRejectedException if the identity changed and the policy rejects changes
     */
    public void processBundle(Jid device, DeviceKeyBundle bundle)
            throws InvalidSignalKeyException, IdentityRejectedException {
        SignalProtocolAddress address = address(device);
        SessionBuilder builder = new SessionBuilder(stores.sessionStore(), stores.preKeyStore(),
                stores.signedPreKeyStore(), stores.identityKeyStore(), address);
        try {
            builder.process(bundle.toLibsignal());
        } catch (InvalidKeyException e) {
            throw new InvalidSignalKeyException("invalid prekey bundle from " + device + ": " + e.getMessage(), e);
        } catch (UntrustedIdentityException e) {
            throw new IdentityRejectedException("identity of " + device + " changed", e);
        }
    }

    /**
     * Encrypts a (padded) plaintext for one device: a pkmsg until the device has answered, then msg.
     *
     * @throws MissingSessionException  if there is no session with the device
     * @throws IdentityRejectedException if the identity changed and the policy rejects changes
     */
    public EncryptedMessage encrypt(Jid device, byte[] plaintext)
            throws MissingSessionException, IdentityRejectedException {
        Objects.requireNonNull(plaintext, "plaintext");
        RatchetCipher.Ciphertext message;
        try {
            message = ratchet.encrypt(sessionAddress(device), plaintext);
        } catch (RatchetException e) {
            switch (e.kind()) {
                case NO_SESSION -> throw new MissingSessionException("no session with " + device, e);
                case UNTRUSTED_IDENTITY -> throw new IdentityRejectedException("identity of " + device + " changed", e);
                default -> throw new IllegalStateException("unusable session with " + device + ": " + e.getMessage(), e);
            }
        }
        return new EncryptedMessage(message.preKey() ? CiphertextType.PKMSG : CiphertextType.MSG, message.serialized());
    }

    /**
     * Decrypts a pkmsg or msg from one device; the result is the padded plaintext.
     *
     * @throws SignalCipherException for what a retry receipt reports (see the subclasses), or a duplicate
     */
    public byte[] decrypt(Jid device, CiphertextType type, byte[] ciphertext) throws SignalCipherException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return switch (type) {
            case PKMSG -> decryptPreKeyMessage(device, ciphertext);
            case MSG -> decryptMessage(device, ciphertext);
            case SKMSG -> throw new IllegalArgumentException("skmsg is decrypted by the group cipher");
        };
    }

    private byte[] decryptPreKeyMessage(Jid device, byte[] ciphertext) throws SignalCipherException {
        try {
            byte[] plaintext = ratchet.decryptPreKeyMessageOfKnownSession(sessionAddress(device), ciphertext);
            if (plaintext != null) {
                return plaintext;
            }
        } catch (RatchetException e) {
            throw translate(e, "pkmsg", device);
        }
        PreKeySignalMessage message;
        try {
            message = new PreKeySignalMessage(ciphertext);
        } catch (InvalidVersionException | LegacyMessageException e) {
            throw new UnsupportedMessageVersionException("pkmsg from " + device + ": " + e.getMessage(), e);
        } catch (InvalidMessageException | InvalidKeyException e) {
            throw new InvalidSignalMessageException("malformed pkmsg from " + device + ": " + e.getMessage(), e);
        }
        try {
            return cipher(address(device)).decrypt(message);
        } catch (InvalidKeyIdException e) {
            throw new MissingPreKeyException("pkmsg from " + device + " uses an unknown prekey", e);
        } catch (InvalidKeyException e) {
            throw new InvalidSignalKeyException("pkmsg from " + device + ": " + e.getMessage(), e);
        } catch (InvalidMessageException e) {
            throw new BadMacException("pkmsg from " + device + " does not decrypt: " + e.getMessage(), e);
        } catch (DuplicateMessageException e) {
            throw new DuplicateSignalMessageException("duplicate pkmsg from " + device, e);
        } catch (UntrustedIdentityException e) {
            throw new IdentityRejectedException("identity of " + device + " changed", e);
        }
    }

    private byte[] decryptMessage(Jid device, byte[] ciphertext) throws SignalCipherException {
        try {
            return ratchet.decryptMessage(sessionAddress(device), ciphertext);
        } catch (RatchetException e) {
            throw translate(e, "msg", device);
        }
    }

    /** The retry reason of a ratchet failure, as libsignal's exceptions map to it. */
    private SignalCipherException translate(RatchetException e, String type, Jid device) {
        return switch (e.kind()) {
            case MALFORMED -> new InvalidSignalMessageException("malformed " + type + " from " + device + ": "
                    + e.getMessage(), e);
            case LEGACY_VERSION, UNKNOWN_VERSION -> new UnsupportedMessageVersionException(type + " from " + device
                    + ": " + e.getMessage(), e);
            case NO_SESSION -> new MissingSessionException("no session with " + device, e);
            case DUPLICATE -> new DuplicateSignalMessageException("duplicate " + type + " from " + device, e);
            case UNTRUSTED_IDENTITY -> new IdentityRejectedException("identity of " + device + " changed", e);
            case DECRYPTION_FAILED, INVALID_SESSION -> new BadMacException(type + " from " + device
                    + " does not decrypt: " + e.getMessage(), e);
        };
    }

    private SessionCipher cipher(SignalProtocolAddress address) {
        return new SessionCipher(stores.sessionStore(), stores.preKeyStore(), stores.signedPreKeyStore(),
                stores.identityKeyStore(), address);
    }

    private SignalProtocolAddress address(Jid device) {
        return SignalAddresses.toProtocolAddress(sessionAddress(device));
    }
}
