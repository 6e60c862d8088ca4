package io.wabridge.client.store.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sealed form of one secret record: {@code 'w' 'b' 'S' 0x01 | data key id (4) | nonce (12) | ciphertext | tag (16)},
 * 36 bytes more than the plaintext. The associated data is the session id, the record kind and its key (e.g.
 * {@code session / 15550001111.0}) and the 8-byte header. A protobuf record (what libsignal serializes) cannot start
 * with {@code 'w'} (wire type 7 does not exist), so sealed and legacy plaintext records are told apart safely; raw
 * key material (app-state keys) starts with the 4-byte marker by chance once in 2^32, and then fails as tampered.
 */
final class RecordSeal {

    static final int HEADER_LENGTH = 8;
    static final int OVERHEAD = HEADER_LENGTH + Aead.NONCE_LENGTH + Aead.TAG_LENGTH;
    private static final byte[] MAGIC = {'w', 'b', 'S', 1};
    private static final byte[] CONTEXT = "wabridge/record/v1\0".getBytes(StandardCharsets.UTF_8);

    private RecordSeal() {
    }

    static boolean isSealed(byte[] stored) {
        return stored.length >= MAGIC.length && stored[0] == MAGIC[0] && stored[1] == MAGIC[1] && stored[2] == MAGIC[2]
                && stored[3] == MAGIC[3];
    }

    static byte[] seal(DataKey key, String sessionId, String kind, String slot, byte[] plain) {
        byte[] out = new byte[OVERHEAD + plain.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        ByteBuffer.wrap(out, MAGIC.length, 4).putInt(key.id());
        byte[] nonce = Aead.randomBytes(Aead.NONCE_LENGTH);
        System.arraycopy(nonce, 0, out, HEADER_LENGTH, Aead.NONCE_LENGTH);
        Aead.seal(key.key(), nonce, aad(sessionId, kind, slot, out), plain, 0, plain.length, out,
                HEADER_LENGTH + Aead.NONCE_LENGTH);
        return out;
    }

    /** The data key id a sealed record names. */
    static int keyId(byte[] sealed) {
        return ByteBuffer.wrap(sealed, MAGIC.length, 4).getInt();
    }

    /** The plaintext, or null if the tag does not verify (another session or slot, another key, tampering). */
    static byte[] open(DataKey key, String sessionId, String kind, String slot, byte[] sealed) {
        if (sealed.length < OVERHEAD) {
            return null;
        }
        byte[] nonce = Arrays.copyOfRange(sealed, HEADER_LENGTH, HEADER_LENGTH + Aead.NONCE_LENGTH);
        return Aead.open(key.key(), nonce, aad(sessionId, kind, slot, sealed), sealed, HEADER_LENGTH + Aead.NONCE_LENGTH,
                sealed.length - HEADER_LENGTH - Aead.NONCE_LENGTH);
    }

    private static byte[] aad(String sessionId, String kind, String slot, byte[] header) {
        byte[] text = (sessionId + '\0' + kind + '\0' + slot + '\0').getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(CONTEXT.length + text.length + HEADER_LENGTH).put(CONTEXT).put(text)
                .put(header, 0, HEADER_LENGTH).array();
    }
}
