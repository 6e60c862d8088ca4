package io.wabridge.client.auth;

import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Prekeys as the store keeps them: libsignal's serialized {@link PreKeyRecord} / {@link SignedPreKeyRecord}, so the
 * Signal layer loads them unchanged.
 */
public final class KeyRecords {
    private KeyRecords() {}

    /** A new one-time prekey: its stored record and its raw public key. */
    public record GeneratedPreKey(int id, byte[] publicKey, byte[] record) {}

    /** Generates through libsignal's native curve code, several times faster than the JDK's XDH for big batches. */
    public static GeneratedPreKey generatePreKey(int id) {
        ECKeyPair pair = Curve.generateKeyPair();
        return new GeneratedPreKey(id, pair.getPublicKey().getPublicKeyBytes(), new PreKeyRecord(id, pair).serialize());
    }

    public static byte[] preKeyRecord(int id, KeyPair pair) {
        return new PreKeyRecord(id, signalPair(pair)).serialize();
    }

    public static byte[] signedPreKeyRecord(SignedPreKey key, long timestampMillis) {
        return new SignedPreKeyRecord(key.id(), timestampMillis, signalPair(key.keyPair()), key.signature()).serialize();
    }

    /** When a stored signed prekey record was made (epoch millis). */
    public static long signedPreKeyTimestamp(byte[] record) {
        try {
            return new SignedPreKeyRecord(record).getTimestamp();
        } catch (InvalidMessageException e) {
            throw new IllegalArgumentException("corrupt signed prekey record", e);
        }
    }

    /** The raw 32-byte public key of a stored one-time prekey record. */
    public static byte[] preKeyPublic(byte[] record) {
        try {
            return new PreKeyRecord(record).getKeyPair().getPublicKey().getPublicKeyBytes();
        } catch (InvalidMessageException | InvalidKeyException e) {
            throw new IllegalArgumentException("corrupt prekey record", e);
        }
    }

    private static ECKeyPair signalPair(KeyPair pair) {
        try {
            return new ECKeyPair(new ECPublicKey(XEdDsa.withTypePrefix(pair.publicKey())),
                    Curve.decodePrivatePoint(pair.privateKey()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("invalid Curve25519 key pair", e);
        }
    }
}
