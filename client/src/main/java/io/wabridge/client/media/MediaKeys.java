package io.wabridge.client.media;

import io.wabridge.client.crypto.Hkdf;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keys one media key expands to for one {@link MediaType}: HKDF-SHA256 (empty salt) of the 32-byte media key
 * to 112 bytes, split into iv (16), cipherKey (32), macKey (32) and refKey (32, unused by media encryption; kept
 * for completeness as WhatsApp derives it). Accessors return copies.
 */
public final class MediaKeys {

    /** Length of a media key, as carried in {@code mediaKey} of a media message. */
    public static final int MEDIA_KEY_LENGTH = 32;
    /** Length of the HKDF expansion. */
    public static final int EXPANDED_LENGTH = 112;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MediaType type;
    private final byte[] iv;
    private final byte[] cipherKey;
    private final byte[] macKey;
    private final byte[] refKey;

    private MediaKeys(MediaType type, byte[] expanded) {
        this.type = type;
        this.iv = Arrays.copyOfRange(expanded, 0, 16);
        this.cipherKey = Arrays.copyOfRange(expanded, 16, 48);
        this.macKey = Arrays.copyOfRange(expanded, 48, 80);
        this.refKey = Arrays.copyOfRange(expanded, 80, 112);
    }

    /** A fresh random media key (one per message; never reuse one across messages). */
    public static byte[] newMediaKey() {
        byte[] key = new byte[MEDIA_KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The full 112-byte HKDF expansion of {@code mediaKey} for {@code type}. */
    public static byte[] expand(byte[] mediaKey, MediaType type) {
        if (mediaKey == null || mediaKey.length != MEDIA_KEY_LENGTH) {
            throw new IllegalArgumentException("a media key is " + MEDIA_KEY_LENGTH + " bytes, got "
                    + (mediaKey == null ? "none" : mediaKey.length));
        }
        return Hkdf.derive(null, mediaKey, type.hkdfInfoBytes(), EXPANDED_LENGTH);
    }

    /** Derives the keys of {@code mediaKey} for {@code type}. */
    public static MediaKeys derive(byte[] mediaKey, MediaType type) {
        return new MediaKeys(type, expand(mediaKey, type));
    }

    public MediaType type() {
        return type;
    }

    public byte[] iv() {
        return iv.clone();
    }

    public byte[] cipherKey() {
        return cipherKey.clone();
    }

    public byte[] macKey() {
        return macKey.clone();
    }

    public byte[] refKey() {
        return refKey.clone();
    }

    @Override
    public String toString() {
        return "MediaKeys[" + type + "]"; // never the key material
    }
}
