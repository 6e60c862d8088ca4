package io.wabridge.client.signal.ratchet;

import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.store.SignalAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * Test harness: one device whose Signal state is plain bytes (session records and peer identities as the store
 * holds them), operated on either by libsignal-client 0.23.1 (the oracle, on a fresh in-memory store loaded from
 * those bytes) or by {@link RatchetCipher}. Identities are accepted on first use and on change (WhatsApp's policy).
 */
final class LibsignalOracle {

    /** What one operation gave: the bytes, or the failure kind (libsignal's exceptions mapped as SignalCipher does). */
    record Outcome(byte[] bytes, boolean preKey, RatchetException.Kind failure) {
        static Outcome ok(byte[] bytes, boolean preKey) {
            return new Outcome(bytes, preKey, null);
        }

        static Outcome failed(RatchetException.Kind kind) {
            return new Outcome(null, false, kind);
        }
    }

    static final class Device {
        final SignalAddress address;
        IdentityKeyPair identity;
        int registrationId;
        ECKeyPair signedPreKey;
        byte[] signature;
        final Map<Integer, ECKeyPair> preKeys = new HashMap<>();
        final Map<SignalAddress, byte[]> records = new HashMap<>();
        final Map<SignalAddress, byte[]> identities = new HashMap<>();
        final Set<Integer> removedPreKeys = new HashSet<>();

        Device(String name, int deviceId, int registrationId) {
            this.address = new SignalAddress(name, deviceId);
            reinstall(registrationId);
        }

        /** New identity, keys and no sessions: a reinstalled app. */
        void reinstall(int registrationId) {
            this.registrationId = registrationId;
            identity = IdentityKeyPair.generate();
            signedPreKey = Curve.generateKeyPair();
            signature = identity.getPrivateKey().calculateSignature(signedPreKey.getPublicKey().serialize());
            preKeys.clear();
            for (int i = 1; i <= 20; i++) {
                preKeys.put(i, Curve.generateKeyPair());
            }
            records.clear();
            identities.clear();
            removedPreKeys.clear();
        }

        PreKeyBundle bundle(Integer preKeyId) throws InvalidKeyException {
            return new PreKeyBundle(registrationId, address.deviceId(), preKeyId == null ? -1 : preKeyId,
                    preKeyId == null ? null : preKeys.get(preKeyId).getPublicKey(), 1, signedPreKey.getPublicKey(),
                    signature, identity.getPublicKey());
        }

        Map<SignalAddress, byte[]> snapshot() {
            return new HashMap<>(records);
        }

        void restore(Map<SignalAddress, byte[]> snapshot) {
            records.clear();
            records.putAll(snapshot);
        }

        // ---- libsignal ----

        private InMemorySignalProtocolStore libsignal(SignalAddress peer) throws InvalidMessageException {
            InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, registrationId);
            store.storeSignedPreKey(1, new SignedPreKeyRecord(1, 0, signedPreKey, signature));
            preKeys.forEach((id, pair) -> {
                if (!removedPreKeys.contains(id)) {
                    store.storePreKey(id, new PreKeyRecord(id, pair));
                }
            });
            byte[] record = records.get(peer);
            if (record != null) {
                store.storeSession(protocol(peer), new SessionRecord(record));
            }
            return store;
        }

        private void absorb(InMemorySignalProtocolStore store, SignalAddress peer) {
            SignalProtocolAddress address = protocol(peer);
            if (store.containsSession(address)) {
                records.put(peer, store.loadSession(address).serialize());
            }
            IdentityKey identityKey = store.getIdentity(address);
            if (identityKey != null) {
                identities.put(peer, identityKey.serialize());
            }
            preKeys.keySet().forEach(id -> {
                if (!store.containsPreKey(id)) {
                    removedPreKeys.add(id);
                }
            });
        }

        void processBundle(Device peer, Integer preKeyId) throws Exception {
            InMemorySignalProtocolStore store = libsignal(peer.address);
            new SessionBuilder(store, protocol(peer.address)).process(peer.bundle(preKeyId));
            absorb(store, peer.address);
        }

        Outcome libsignalEncrypt(SignalAddress peer, byte[] plaintext) throws Exception {
            InMemorySignalProtocolStore store = libsignal(peer);
            try {
                CiphertextMessage message = new SessionCipher(store, protocol(peer)).encrypt(plaintext);
                absorb(store, peer);
                return Outcome.ok(message.serialize(), message.getType() == CiphertextMessage.PREKEY_TYPE);
            } catch (Exception e) {
                return Outcome.failed(kind(e));
            }
        }

        Outcome libsignalDecrypt(SignalAddress peer, boolean preKey, byte[] ciphertext) throws Exception {
            CiphertextMessage message;
            try {
                message = preKey ? new PreKeySignalMessage(ciphertext) : new SignalMessage(ciphertext);
            } catch (InvalidMessageException | InvalidKeyException e) {
                return Outcome.failed(RatchetException.Kind.MALFORMED);
            } catch (Exception e) {
                return Outcome.failed(kind(e));
            }
            InMemorySignalProtocolStore store = libsignal(peer);
            SessionCipher cipher = new SessionCipher(store, protocol(peer));
            try {
                byte[] plaintext = preKey ? cipher.decrypt((PreKeySignalMessage) message)
                        : cipher.decrypt((SignalMessage) message);
                absorb(store, peer);
                return Outcome.ok(plaintext, preKey);
            } catch (Exception e) {
                RatchetException.Kind kind = kind(e);
                // libsignal reports a msg without session as a failed decryption (SignalCipher tells them apart)
                return Outcome.failed(kind == RatchetException.Kind.DECRYPTION_FAILED && !records.containsKey(peer)
                        ? RatchetException.Kind.NO_SESSION : kind);
            }
        }

        // ---- the Java ratchet ----

        RatchetStore ratchetStore() {
            return new RatchetStore() {
                @Override
                public RatchetRecord loadRecord(SignalAddress peer) {
                    byte[] bytes = records.get(peer);
                    return bytes == null ? null : RatchetRecord.parse(bytes);
                }

                @Override
                public void storeRecord(SignalAddress peer, RatchetRecord record) {
                    records.put(peer, record.serialize());
                }

                @Override
                public boolean isTrustedIdentity(SignalAddress peer, byte[] identityKey, boolean sending) {
                    return true;
                }

                @Override
                public void saveIdentity(SignalAddress peer, byte[] identityKey) {
                    identities.put(peer, identityKey.clone());
                }
            };
        }

        Outcome javaEncrypt(SignalAddress peer, byte[] plaintext) {
            try {
                RatchetCipher.Ciphertext message = new RatchetCipher(ratchetStore()).encrypt(peer, plaintext);
                return Outcome.ok(message.serialized(), message.preKey());
            } catch (RatchetException e) {
                return Outcome.failed(e.kind());
            }
        }

        /** For a pkmsg of an unknown session the ratchet answers null: the outcome is then null. */
        Outcome javaDecrypt(SignalAddress peer, boolean preKey, byte[] ciphertext) {
            RatchetCipher cipher = new RatchetCipher(ratchetStore());
            try {
                byte[] plaintext = preKey ? cipher.decryptPreKeyMessageOfKnownSession(peer, ciphertext)
                        : cipher.decryptMessage(peer, ciphertext);
                return plaintext == null ? null : Outcome.ok(plaintext, preKey);
            } catch (RatchetException e) {
                return Outcome.failed(e.kind());
            }
        }
    }

    static SignalProtocolAddress protocol(SignalAddress address) {
        return SignalAddresses.toProtocolAddress(address);
    }

    /** libsignal's exceptions in the ratchet's terms (parse and decrypt failures as SignalCipher maps them). */
    static RatchetException.Kind kind(Exception e) {
        if (e instanceof NoSessionException) {
            return RatchetException.Kind.NO_SESSION;
        }
        if (e instanceof DuplicateMessageException) {
            return RatchetException.Kind.DUPLICATE;
        }
        if (e instanceof UntrustedIdentityException) {
            return RatchetException.Kind.UNTRUSTED_IDENTITY;
        }
        if (e instanceof LegacyMessageException) {
            return RatchetException.Kind.LEGACY_VERSION;
        }
        if (e instanceof InvalidVersionException) {
            return RatchetException.Kind.UNKNOWN_VERSION;
        }
        if (e instanceof InvalidKeyException) {
            return RatchetException.Kind.MALFORMED;
        }
        if (e instanceof InvalidKeyIdException) {
            // a pkmsg naming a prekey we do not have: only on libsignal's session setup path
            return RatchetException.Kind.DECRYPTION_FAILED;
        }
        if (e instanceof InvalidMessageException) {
            return RatchetException.Kind.DECRYPTION_FAILED;
        }
        throw new AssertionError("unexpected libsignal failure", e);
    }
}
