package io.wabridge.client.store.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session's AES-256 data key and its random 32-bit id (stored in every record it seals, so a record sealed under
 * another key is named as such instead of just failing). Wrapped form: nonce(12) | ciphertext(32) | tag(16), with
 * associated data binding it to the session, the key id and the master key id.
 */
final class DataKey {

    static final int WRAPPED_LENGTH = Aead.NONCE_LENGTH + Aead.KEY_LENGTH + Aead.TAG_LENGTH;
    private static final byte[] WRAP_CONTEXT = "wabridge/data-key/v1\0".getBytes(StandardCharsets.UTF_8);

    private final int id;
    private final SecretKey key;

    private DataKey(int id, SecretKey key) {
        this.id = id;
        this.key = key;
    }

    static DataKey generate() {
        byte[] k = Aead.randomBytes(Aead.KEY_LENGTH);
        try {
            return new DataKey(Aead.randomInt(), new SecretKeySpec(k, "AES"));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    int id() {
        return id;
    }

    SecretKey key() {
        return key;
    }

    byte[] wrap(MasterKey master, String sessionId) {
        byte[] out = new byte[WRAPPED_LENGTH];
        byte[] nonce = Aead.randomBytes(Aead.NONCE_LENGTH);
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        byte[] raw = key.getEncoded();
        try {
            Aead.seal(masterKey(master), nonce, aad(sessionId, id, master.id()), raw, 0, raw.length, out, Aead.NONCE_LENGTH);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return out;
    }

    /** The data key {@code id} wrapped in {@code wrapped}; null if {@code master} does not open it for this session. */
    static DataKey unwrap(byte[] wrapped, int id, MasterKey master, String sessionId) {
        if (wrapped.length != WRAPPED_LENGTH) {
            return null;
        }
        byte[] nonce = Arrays.copyOf(wrapped, Aead.NONCE_LENGTH);
        byte[] raw = Aead.open(masterKey(master), nonce, aad(sessionId, id, master.id()), wrapped, Aead.NONCE_LENGTH,
                WRAPPED_LENGTH - Aead.NONCE_LENGTH);
        if (raw == null) {
            return null;
        }
        try {
            return new DataKey(id, new SecretKeySpec(raw, "AES"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static SecretKey masterKey(MasterKey master) {
        byte[] k = master.key();
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static byte[] aad(String sessionId, int id, String masterId) {
        byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
        byte[] master = masterId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(WRAP_CONTEXT.length + session.length + 1 + 4 + master.length)
                .put(WRAP_CONTEXT).put(session).put((byte) 0).putInt(id).put(master).array();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "DataKey[" + Integer.toHexString(id) + "]";
    }
}
