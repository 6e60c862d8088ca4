package io.wabridge.simulator.pairing;

import io.wabridge.client.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The crypto of phone-number linking ("link with a code"). Each side wraps its ephemeral X25519 public key as
 * {@code salt(32) || iv(16) || AES-256-CTR(key, iv, pub)} with {@code key = PBKDF2-HMAC-SHA256(code, salt,
 * 131072, 32)}; the companion's key bundle is {@code salt(32) || nonce(12) || AES-256-GCM(HKDF(shared, salt,
 * "link_code_pairing_key_bundle_encryption_key"), companionIdentity || primaryIdentity || random)}; the adv secret
 * is {@code HKDF(shared || DH(primaryIdentity, companionIdentity) || random, info "adv_secret")}. CTR has no
 * integrity: a wrong code only shows when the key bundle fails to decrypt.
 */
public final class PairingCodeCrypto {
    /** Crockford-like alphabet WhatsApp codes use (no 0, I, O, U). */
    public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
    public static final int CODE_LENGTH = 8;
    static final int WRAPPED_KEY_LENGTH = 80;
    private static final int ITERATIONS = 2 << 16;
    private static final byte[] BUNDLE_INFO = "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADV_SECRET_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingCodeCrypto() {}

    /**
     * The code as a phone user types it, normalized: dashes and spaces dropped, upper case.
     *
     * @throws PairingException (INVALID_CODE) unless 8 characters of {@link #ALPHABET} remain
     */
    public static String normalize(String typed) {
        String code = typed == null ? "" : typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (code.length() != CODE_LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new PairingException(PairingException.Reason.INVALID_CODE,
                    "a pairing code is " + CODE_LENGTH + " characters of " + ALPHABET + " (dashes allowed), got '" + typed + "'");
        }
        return code;
    }

    /** {@code salt || iv || CTR(pub)} keyed by the code. */
    public static byte[] wrapKey(String code, byte[] publicKey) {
        byte[] salt = random(32);
        byte[] iv = random(16);
        byte[] out = new byte[WRAPPED_KEY_LENGTH];
        System.arraycopy(salt, 0, out, 0, 32);
        System.arraycopy(iv, 0, out, 32, 16);
        System.arraycopy(ctr(codeKey(code, salt), iv, publicKey), 0, out, 48, 32);
        return out;
    }

    /** The public key inside an 80-byte wrapped key (garbage if the code is wrong; nothing can tell here). */
    public static byte[] unwrapKey(String code, byte[] wrapped) {
        if (wrapped == null || wrapped.length < WRAPPED_KEY_LENGTH) {
            throw new IllegalArgumentException("a wrapped ephemeral key is " + WRAPPED_KEY_LENGTH + " bytes, got "
                    + (wrapped == null ? 0 : wrapped.length));
        }
        byte[] salt = Arrays.copyOfRange(wrapped, 0, 32);
        byte[] iv = Arrays.copyOfRange(wrapped, 32, 48);
        return ctr(codeKey(code, salt), iv, Arrays.copyOfRange(wrapped, 48, 80));
    }

    /**
     * Decrypts the companion's key bundle.
     *
     * @throws AEADBadTagException if it was made with another shared secret (a wrong code somewhere)
     */
    public static byte[] openKeyBundle(byte[] sharedSecret, byte[] wrappedBundle) throws AEADBadTagException {
        if (wrappedBundle == null || wrappedBundle.length < 32 + 12 + 16) {
            throw new IllegalArgumentException("key bundle too short: " + (wrappedBundle == null ? 0 : wrappedBundle.length));
        }
        byte[] salt = Arrays.copyOfRange(wrappedBundle, 0, 32);
        byte[] nonce = Arrays.copyOfRange(wrappedBundle, 32, 44);
        byte[] key = Hkdf.derive(salt, sharedSecret, BUNDLE_INFO, 32);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return gcm.doFinal(wrappedBundle, 44, wrappedBundle.length - 44);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The companion's side of the bundle (for tests and tools playing the companion). */
    public static byte[] sealKeyBundle(byte[] sharedSecret, byte[] plaintext) {
        byte[] salt = random(32);
        byte[] nonce = random(12);
        byte[] key = Hkdf.derive(salt, sharedSecret, BUNDLE_INFO, 32);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] out = new byte[44 + sealed.length];
            System.arraycopy(salt, 0, out, 0, 32);
            System.arraycopy(nonce, 0, out, 32, 12);
            System.arraycopy(sealed, 0, out, 44, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** HKDF-SHA256(zero salt, ephemeralShared || identityShared || random, "adv_secret", 32). */
    public static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] random) {
        byte[] ikm = new byte[ephemeralShared.length + identityShared.length + random.length];
        System.arraycopy(ephemeralShared, 0, ikm, 0, ephemeralShared.length);
        System.arraycopy(identityShared, 0, ikm, ephemeralShared.length, identityShared.length);
        System.arraycopy(random, 0, ikm, ephemeralShared.length + identityShared.length, random.length);
        return Hkdf.derive(null, ikm, ADV_SECRET_INFO, 32);
    }

    static byte[] codeKey(String code, byte[] salt) {
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return pbkdf2.generateSecret(new PBEKeySpec(code.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
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

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
