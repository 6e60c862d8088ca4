package io.wabridge.client.signal.store;

import io.wabridge.client.signal.SignalKeys;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * The record format of the prekey stores: serialized libsignal {@link PreKeyRecord} / {@link SignedPreKeyRecord}
 * (protobuf: id, 33-byte public key, 32-byte private key[, signature]). Whoever generates and uploads prekeys
 * writes them with these helpers, so the cipher can read them back.
 */
public final class PreKeyRecords {

    /** Prekey ids travel as 3 bytes. */
    public static final int MAX_ID = 0xFFFFFF;

    private PreKeyRecords() {
    }

    /** A serialized one-time prekey record. */
    public static byte[] preKeyRecord(int id, KeyPair keyPair) {
        checkId(id);
        return new PreKeyRecord(id, SignalKeys.keyPair(keyPair)).serialize();
    }

    /** {@code count} fresh one-time prekeys with ids {@code firstId, firstId+1, ...}, as records by id. */
    public static Map<Integer, byte[]> generate(int firstId, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative prekey count " + count);
        }
        checkId(firstId);
        checkId(firstId + Math.max(count - 1, 0));
        Map<Integer, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            records.put(firstId + i, new PreKeyRecord(firstId + i, Curve.generateKeyPair()).serialize());
        }
        return records;
    }

    /** The key pair (raw 32-byte keys) of a serialized one-time prekey record. */
    public static KeyPair keyPair(byte[] preKeyRecord) {
        try {
            return SignalKeys.toKeyPair(new PreKeyRecord(preKeyRecord).getKeyPair());
        } catch (InvalidMessageException | InvalidKeyException e) {
            throw new IllegalArgumentException("not a prekey record", e);
        }
    }

    /** The libsignal record of a signed prekey as the credentials carry it. */
    public static SignedPreKeyRecord signedPreKeyRecord(SignedPreKey signedPreKey) {
        return new SignedPreKeyRecord(signedPreKey.id(), 0L, SignalKeys.keyPair(signedPreKey.keyPair()),
                signedPreKey.signature());
    }

    /** A serialized signed prekey record made at {@code timestampMillis}, as the signed prekey store keeps them. */
    public static byte[] signedPreKeyRecordBytes(SignedPreKey signedPreKey, long timestampMillis) {
        return new SignedPreKeyRecord(signedPreKey.id(), timestampMillis, SignalKeys.keyPair(signedPreKey.keyPair()),
                signedPreKey.signature()).serialize();
    }

    /** When a stored signed prekey record was made (epoch millis). */
    public static long signedPreKeyTimestamp(byte[] record) {
        try {
            return new SignedPreKeyRecord(record).getTimestamp();
        } catch (InvalidMessageException e) {
            throw new IllegalArgumentException("corrupt signed prekey record", e);
        }
    }

    /** A new one-time prekey: its stored record and its raw public key. */
    public record GeneratedPreKey(int id, byte[] publicKey, byte[] record) {}

    /** Generates through libsignal's native curve code, several times faster than the JDK's XDH for big batches. */
    public static GeneratedPreKey generatePreKey(int id) {
        checkId(id);
        ECKeyPair pair = Curve.generateKeyPair();
        return new GeneratedPreKey(id, pair.getPublicKey().getPublicKeyBytes(), new PreKeyRecord(id, pair).serialize());
    }

    /** The raw 32-byte public key of a stored one-time prekey record. */
    public static byte[] preKeyPublic(byte[] record) {
        try {
            return new PreKeyRecord(record).getKeyPair().getPublicKey().getPublicKeyBytes();
        } catch (InvalidMessageException | InvalidKeyException e) {
            throw new IllegalArgumentException("corrupt prekey record", e);
        }
    }

    private static void checkId(int id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("prekey id must fit 3 bytes, got " + id);
        }
    }
}
