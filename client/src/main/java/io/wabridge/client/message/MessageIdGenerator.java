package io.wabridge.client.message;

import io.wabridge.client.crypto.Hkdf;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.KeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message ids in WhatsApp Web's form: {@code 3EB0} + 18 uppercase hex digits (22 characters).
 *
 * <p>{@link #next()} follows WhatsApp Web / Baileys {@code generateMessageIDV2} / whatsmeow
 * {@code GenerateMessageID}: the first 9 bytes of SHA-256(unix seconds as 8 bytes big-endian || own user
 * {@code @c.us} || 16 random bytes).
 *
 * <p>{@link #forIdempotencyKey(String)} is our choice for sends that may be retried (a Kafka command delivered
 * twice): the first 9 bytes of HMAC-SHA256(idKey, UTF-8 key), where idKey = HKDF-SHA256(ikm = the account's
 * identity private key, info = {@code "wabridge message id v1"}). The same key always gives the same id for the
 * same account, so a re-sent command reuses its id and WhatsApp sees a duplicate rather than a second message;
 * two accounts never share ids; the id reveals nothing about the key or the account. 72 bits keep collisions
 * between distinct keys negligible. Callers scope keys themselves (one key = one message).
 */
public final class MessageIdGenerator {

    public static final String PREFIX = "3EB0";
    /** 18 hex digits after the prefix, as WhatsApp Web ids have. */
    public static final int HASH_BYTES = 9;
    public static final int LENGTH = PREFIX.length() + 2 * HASH_BYTES;

    private static final byte[] ID_KEY_INFO = "wabridge message id v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] userPart;
    private final Clock clock;
    private final MessageDigest digest = newSha256();
    /** One HMAC per generator, keyed once: looking the algorithm up and keying it per send cost more than the MAC. */
    private final Mac idMac;

    private MessageIdGenerator(Jid me, byte[] idKey, Clock clock) {
        this.userPart = me == null ? new byte[0] : (me.user() + "@c.us").getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.idMac = newMac(new SecretKeySpec(idKey, "HmacSHA256"));
    }

    /**
     * @param me          our own JID (its user part goes into random ids, as WhatsApp Web does); null before pairing
     * @param identityKey the account's Signal identity key pair (keys deterministic ids)
     */
    public static MessageIdGenerator create(Jid me, KeyPair identityKey, Clock clock) {
        Objects.requireNonNull(identityKey, "identityKey");
        byte[] idKey = Hkdf.derive(null, identityKey.privateKey(), ID_KEY_INFO, Hkdf.HASH_LENGTH);
        return new MessageIdGenerator(me, idKey, Objects.requireNonNull(clock, "clock"));
    }

    /** A fresh random id. */
    public String next() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        long seconds = clock.millis() / 1000;
        byte[] time = new byte[8];
        for (int i = 7; i >= 0; i--) {
            time[i] = (byte) (seconds >>> (8 * (7 - i)));
        }
        // One digest per generator: looking SHA-256 up in the providers per id cost more than hashing.
        synchronized (digest) {
            digest.update(time);
            digest.update(userPart);
            digest.update(random);
            return format(digest.digest());
        }
    }

    /** SHA-256(seconds || user@c.us || random) in id form. */
    static String webId(long epochSeconds, byte[] userPart, byte[] random) {
        ByteBuffer data = ByteBuffer.allocate(8 + userPart.length + random.length);
        data.putLong(epochSeconds).put(userPart).put(random);
        return format(sha256(data.array()));
    }

    /** The id for a caller's idempotency key: always the same for the same key and account. */
    public String forIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty idempotency key");
        }
        byte[] data = key.getBytes(StandardCharsets.UTF_8);
        synchronized (idMac) {
            return format(idMac.doFinal(data)); // doFinal resets the MAC for the next key
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code id} has the form this class produces. */
    public static boolean isWebFormat(String id) {
        if (id == null || id.length() != LENGTH || !id.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static String format(byte[] hash) {
        return PREFIX + HEX.formatHex(hash, 0, HASH_BYTES);
    }

    private static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
