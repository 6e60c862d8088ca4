package io.wabridge.client.store.encryption;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignedPreKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The sealed form of {@link Credentials}, storable by every backend unchanged. The four secrets (Noise, identity and
 * signed prekey private keys, ADV secret: 128 bytes) are encrypted in one AES-GCM operation under the session's data
 * key and their ciphertext takes their place, 32 bytes each; the rest travels in an envelope stored in the
 * {@code routingInfo} field, ahead of the real routing info:
 * {@code 'w' 'b' 'K' 0x01 | flags (bit 0: routing info follows) | master key id length (1) | master key id |
 * data key id (4) | wrapped data key (60) | nonce (12) | tag (16) | routing info}.
 * The associated data binds the secrets to the session id, the public keys, the signed prekey id and the data key id.
 * Public keys, JIDs, names and counters stay readable.
 */
final class CredentialsSeal {

    private static final byte[] MAGIC = {'w', 'b', 'K', 1};
    private static final byte[] CONTEXT = "wabridge/credentials/v1\0".getBytes(StandardCharsets.UTF_8);
    private static final int SECRETS = 4 * KeyPair.KEY_LENGTH;

    /** The envelope fields of sealed credentials. */
    record Envelope(String masterKeyId, int dataKeyId, byte[] wrappedDataKey, byte[] nonce, byte[] tag, byte[] routingInfo) {
    }

    private CredentialsSeal() {
    }

    /** The envelope of {@code stored}, or null if it is not sealed (legacy plaintext credentials). */
    static Envelope envelope(Credentials stored, String sessionId) {
        byte[] r = stored.routingInfo();
        if (r == null || r.length < MAGIC.length || r[0] != MAGIC[0] || r[1] != MAGIC[1] || r[2] != MAGIC[2]
                || r[3] != MAGIC[3]) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(r, MAGIC.length, r.length - MAGIC.length);
            int flags = b.get();
            byte[] id = new byte[b.get() & 0xFF];
            b.get(id);
            int dataKeyId = b.getInt();
            byte[] wrapped = new byte[DataKey.WRAPPED_LENGTH];
            b.get(wrapped);
            byte[] nonce = new byte[Aead.NONCE_LENGTH];
            b.get(nonce);
            byte[] tag = new byte[Aead.TAG_LENGTH];
            b.get(tag);
            byte[] routing = null;
            if ((flags & 1) != 0) {
                routing = new byte[b.remaining()];
                b.get(routing);
            }
            return new Envelope(new String(id, StandardCharsets.UTF_8), dataKeyId, wrapped, nonce, tag, routing);
        } catch (RuntimeException e) {
            throw new StoreEncryptionException("the sealed credentials of session " + sessionId
                    + " have a truncated envelope (" + r.length + " bytes)");
        }
    }

    static Credentials seal(Credentials plain, String sessionId, DataKey key, MasterKey master, byte[] wrappedDataKey) {
        byte[] secrets = new byte[SECRETS];
        byte[] sealed = new byte[SECRETS + Aead.TAG_LENGTH];
        byte[] nonce = Aead.randomBytes(Aead.NONCE_LENGTH);
        try {
            put(secrets, 0, plain.noiseKey().privateKey());
            put(secrets, 1, plain.identityKey().privateKey());
            put(secrets, 2, plain.signedPreKey().keyPair().privateKey());
            put(secrets, 3, plain.advSecret());
            Aead.seal(key.key(), nonce, aad(plain, sessionId, key.id()), secrets, 0, SECRETS, sealed, 0);
        } finally {
            Arrays.fill(secrets, (byte) 0);
        }
        byte[] id = master.id().getBytes(StandardCharsets.UTF_8);
        byte[] routing = plain.routingInfo();
        ByteBuffer env = ByteBuffer.allocate(MAGIC.length + 2 + id.length + 4 + DataKey.WRAPPED_LENGTH
                + Aead.NONCE_LENGTH + Aead.TAG_LENGTH + (routing == null ? 0 : routing.length));
        env.put(MAGIC).put((byte) (routing == null ? 0 : 1)).put((byte) id.length).put(id).putInt(key.id())
                .put(wrappedDataKey).put(nonce).put(sealed, SECRETS, Aead.TAG_LENGTH);
        if (routing != null) {
            env.put(routing);
        }
        return replaceSecrets(plain, sealed, env.array());
    }

    /** The plaintext credentials, or null if the tag does not verify. */
    static Credentials open(Credentials stored, Envelope envelope, DataKey key, String sessionId) {
        byte[] sealed = new byte[SECRETS + Aead.TAG_LENGTH];
        put(sealed, 0, stored.noiseKey().privateKey());
        put(sealed, 1, stored.identityKey().privateKey());
        put(sealed, 2, stored.signedPreKey().keyPair().privateKey());
        put(sealed, 3, stored.advSecret());
        System.arraycopy(envelope.tag(), 0, sealed, SECRETS, Aead.TAG_LENGTH);
        byte[] secrets = Aead.open(key.key(), envelope.nonce(), aad(stored, sessionId, key.id()), sealed, 0, sealed.length);
        if (secrets == null) {
            return null;
        }
        try {
            return replaceSecrets(stored, secrets, envelope.routingInfo());
        } finally {
            Arrays.fill(secrets, (byte) 0);
        }
    }

    private static Credentials replaceSecrets(Credentials c, byte[] secrets, byte[] routingInfo) {
        return c.toBuilder()
                .noiseKey(new KeyPair(c.noiseKey().publicKey(), slice(secrets, 0)))
                .identityKey(new KeyPair(c.identityKey().publicKey(), slice(secrets, 1)))
                .signedPreKey(new SignedPreKey(c.signedPreKey().id(),
                        new KeyPair(c.signedPreKey().keyPair().publicKey(), slice(secrets, 2)), c.signedPreKey().signature()))
                .advSecret(slice(secrets, 3))
                .routingInfo(routingInfo)
                .build();
    }

    private static void put(byte[] out, int index, byte[] secret) {
        System.arraycopy(secret, 0, out, index * KeyPair.KEY_LENGTH, KeyPair.KEY_LENGTH);
        Arrays.fill(secret, (byte) 0);
    }

    private static byte[] slice(byte[] secrets, int index) {
        return Arrays.copyOfRange(secrets, index * KeyPair.KEY_LENGTH, (index + 1) * KeyPair.KEY_LENGTH);
    }

    private static byte[] aad(Credentials c, String sessionId, int dataKeyId) {
        byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(CONTEXT.length + session.length + 1 + 3 * KeyPair.KEY_LENGTH + 8)
                .put(CONTEXT).put(session).put((byte) 0)
                .put(c.noiseKey().publicKey()).put(c.identityKey().publicKey()).put(c.signedPreKey().keyPair().publicKey())
                .putInt(c.signedPreKey().id()).putInt(dataKeyId).array();
    }
}
