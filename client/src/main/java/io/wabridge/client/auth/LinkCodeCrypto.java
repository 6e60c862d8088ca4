package io.wabridge.client.auth;

import io.wabridge.client.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The crypto of "link with phone number": the 8-character code (5 random bytes in WhatsApp's base-32 alphabet)
 * keys PBKDF2-SHA256 (2^17 rounds), which AES-CTR-wraps each side's ephemeral key as {@code salt(32) || iv(16) ||
 * key(32)}; the companion then sends its identity key, the primary's identity key and 32 random bytes, AES-GCM
 * sealed under HKDF(ephemeral shared secret), and derives its new adv secret from both DH results and that random.
 */
public final class LinkCodeCrypto {
    /** Crockford-like alphabet without 0, I, O and U. */
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
    static final int PBKDF2_ROUNDS = 2 << 16;
    public static final int WRAPPED_KEY_LENGTH = 80;
    private static final byte[] BUNDLE_INFO = "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADV_SECRET_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);

    private LinkCodeCrypto() {}

    /** A new 8-character code from 5 random bytes. */
    public static String newCode(SecureRandom random) {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        return encode(bytes);
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int value = 0;
        int bits = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((value >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((value << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** {@code salt || iv || AES-CTR(PBKDF2(code, salt), iv, publicKey)}. */
    public static byte[] wrapEphemeral(String code, byte[] publicKey, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        byte[] out = new byte[WRAPPED_KEY_LENGTH];
        System.arraycopy(salt, 0, out, 0, 32);
        System.arraycopy(iv, 0, out, 32, 16);
        System.arraycopy(ctr(codeKey(code, salt), iv, publicKey), 0, out, 48, 32);
        return out;
    }

    /** The other side's ephemeral public key from its wrapped form (at least 80 bytes). */
    public static byte[] unwrapEphemeral(String code, byte[] wrapped) {
        if (wrapped.length < WRAPPED_KEY_LENGTH) {
            throw new IllegalArgumentException("wrapped ephemeral key too short: " + wrapped.length + " bytes");
        }
        byte[] salt = Arrays.copyOfRange(wrapped, 0, 32);
        byte[] iv = Arrays.copyOfRange(wrapped, 32, 48);
        return ctr(codeKey(code, salt), iv, Arrays.copyOfRange(wrapped, 48, 80));
    }

    /** {@code salt(32) || nonce(12) || AES-GCM(HKDF(sharedSecret, salt, info), nonce, plaintext)}. */
    public static byte[] sealKeyBundle(byte[] ephemeralShared, byte[] plaintext, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = Hkdf.derive(salt, ephemeralShared, BUNDLE_INFO, 32);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return PairSuccess.concat(salt, nonce, gcm.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The primary's side of {@link #sealKeyBundle}: decrypts a key bundle.
     *
     * @throws AEADBadTagException if it was sealed with another shared secret (a wrong code somewhere)
     */
    public static byte[] openKeyBundle(byte[] ephemeralShared, byte[] sealed) throws AEADBadTagException {
        if (sealed == null || sealed.length < 32 + 12 + 16) {
            throw new IllegalArgumentException("key bundle too short: " + (sealed == null ? 0 : sealed.length));
        }
        byte[] salt = Arrays.copyOfRange(sealed, 0, 32);
        byte[] nonce = Arrays.copyOfRange(sealed, 32, 44);
        byte[] key = Hkdf.derive(salt, ephemeralShared, BUNDLE_INFO, 32);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return gcm.doFinal(sealed, 44, sealed.length - 44);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The new adv secret: HKDF(ephemeralShared || identityShared || random, info "adv_secret"). */
    public static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] random) {
        return Hkdf.derive(null, PairSuccess.concat(ephemeralShared, identityShared, random), ADV_SECRET_INFO, 32);
    }

    /** PBKDF2-HMAC-SHA256 of the code (2^17 rounds), the AES-CTR key that wraps each side's ephemeral key. */
    public static byte[] codeKey(String code, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, PBKDF2_ROUNDS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    private static byte[] ctr(byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }
}
