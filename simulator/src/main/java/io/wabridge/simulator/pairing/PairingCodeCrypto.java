package io.wabridge.simulator.pairing;

import io.wabridge.client.auth.LinkCodeCrypto;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.AEADBadTagException;

/**
 * The crypto of phone-number linking ("link with a code"). Each side wraps its ephemeral X25519 public key as
 * {@code salt(32) || iv(16) || AES-256-CTR(key, iv, pub)} with {@code key = PBKDF2-HMAC-SHA256(code, salt,
 * 131072, 32)}; the companion's key bundle is {@code salt(32) || nonce(12) || AES-256-GCM(HKDF(shared, salt,
 * "link_code_pairing_key_bundle_encryption_key"), companionIdentity || primaryIdentity || random)}; the adv secret
 * is {@code HKDF(shared || DH(primaryIdentity, companionIdentity) || random, info "adv_secret")}. CTR has no
 * integrity: a wrong code only shows when the key bundle fails to decrypt. The primitives are the client's
 * ({@link LinkCodeCrypto}); Baileys pairing by code against this simulator checks them independently.
 */
public final class PairingCodeCrypto {
    /** Crockford-like alphabet WhatsApp codes use (no 0, I, O, U). */
    public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
    public static final int CODE_LENGTH = 8;
    static final int WRAPPED_KEY_LENGTH = LinkCodeCrypto.WRAPPED_KEY_LENGTH;
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
        return LinkCodeCrypto.wrapEphemeral(code, publicKey, RANDOM);
    }

    /** The public key inside an 80-byte wrapped key (garbage if the code is wrong; nothing can tell here). */
    public static byte[] unwrapKey(String code, byte[] wrapped) {
        if (wrapped == null) {
            throw new IllegalArgumentException("a wrapped ephemeral key is " + WRAPPED_KEY_LENGTH + " bytes, got 0");
        }
        return LinkCodeCrypto.unwrapEphemeral(code, wrapped);
    }

    /**
     * Decrypts the companion's key bundle.
     *
     * @throws AEADBadTagException if it was made with another shared secret (a wrong code somewhere)
     */
    public static byte[] openKeyBundle(byte[] sharedSecret, byte[] wrappedBundle) throws AEADBadTagException {
        return LinkCodeCrypto.openKeyBundle(sharedSecret, wrappedBundle);
    }

    /** The companion's side of the bundle (for tests and tools playing the companion). */
    public static byte[] sealKeyBundle(byte[] sharedSecret, byte[] plaintext) {
        return LinkCodeCrypto.sealKeyBundle(sharedSecret, plaintext, RANDOM);
    }

    /** HKDF-SHA256(zero salt, ephemeralShared || identityShared || random, "adv_secret", 32). */
    public static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] random) {
        return LinkCodeCrypto.advSecret(ephemeralShared, identityShared, random);
    }

    static byte[] codeKey(String code, byte[] salt) {
        return LinkCodeCrypto.codeKey(code, salt);
    }
}
