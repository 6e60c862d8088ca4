package io.wabridge.client.signal.ratchet;

import io.wabridge.client.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/**
 * The Double Ratchet's key schedule on JDK crypto (WhatsApp's message version 3): HMAC-SHA256 chain keys, HKDF
 * with the "WhisperRatchet" and "WhisperMessageKeys" infos, AES-256-CBC/PKCS5 bodies. One {@link Mac} and one
 * {@link Cipher} per thread, re-keyed per use: the accounts' serial executors never share them. The X25519 of a
 * ratchet step (two agreements and a key pair, only when the sender changes) goes to libsignal's native curve:
 * measured on this machine the JDK's XDH took 3-4x as long per operation, wrapper objects included. The
 * HMAC and AES-CBC primitives are public for the sender-key cipher ({@code signal.group}), which uses the same ones.
 */
public final class RatchetCrypto {

    private static final String HMAC = "HmacSHA256";
    private static final byte[] RATCHET_INFO = "WhisperRatchet".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_KEYS_INFO = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};
    static final int MAC_LENGTH = 8;

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256", e);
        }
    });
    private static final ThreadLocal<Cipher> AES_CBC = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES/CBC/PKCS5Padding", e);
        }
    });

    private RatchetCrypto() {
    }

    /** The message keys of one chain step: cipher key, MAC key and IV. */
    record MessageKeys(int counter, byte[] cipherKey, byte[] macKey, byte[] iv) {
    }

    static Mac mac(byte[] key) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("invalid HMAC key", e);
        }
        return mac;
    }

    /** HMAC-SHA256(key, data) on this thread's {@link Mac}. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    static byte[] nextChainKey(byte[] chainKey) {
        return mac(chainKey).doFinal(CHAIN_KEY_SEED);
    }

    static MessageKeys messageKeys(byte[] chainKey, int counter) {
        byte[] seed = mac(chainKey).doFinal(MESSAGE_KEY_SEED);
        byte[] okm = Hkdf.derive(null, seed, MESSAGE_KEYS_INFO, 80);
        byte[] cipherKey = new byte[32];
        byte[] macKey = new byte[32];
        byte[] iv = new byte[16];
        System.arraycopy(okm, 0, cipherKey, 0, 32);
        System.arraycopy(okm, 32, macKey, 0, 32);
        System.arraycopy(okm, 64, iv, 0, 16);
        return new MessageKeys(counter, cipherKey, macKey, iv);
    }

    /** A root key step: {@code [new root key (32) | new chain key (32)]} from X25519(ours, theirs). */
    static byte[] createChain(byte[] rootKey, byte[] theirRatchetKey, byte[] ourPrivateKey) {
        byte[] shared;
        try {
            shared = Curve.calculateAgreement(Curve.decodePoint(theirRatchetKey, 0),
                    Curve.decodePrivatePoint(ourPrivateKey));
        } catch (InvalidKeyException | RuntimeException e) {
            throw new IllegalArgumentException("X25519 agreement failed: " + e.getMessage(), e);
        }
        return Hkdf.derive(rootKey, shared, RATCHET_INFO, 64);
    }

    /** A new ratchet key pair: {@code [private key (32 bytes), public key (33 bytes, serialized)]}. */
    static byte[][] generateRatchetKeyPair() {
        ECKeyPair pair = Curve.generateKeyPair();
        return new byte[][] {pair.getPrivateKey().serialize(), pair.getPublicKey().serialize()};
    }

    /** The 8-byte MAC of a serialized SignalMessage: HMAC(macKey, sender identity || receiver identity || message). */
    static byte[] messageMac(byte[] macKey, byte[] senderIdentity, byte[] receiverIdentity, byte[] message,
            int length) {
        Mac mac = mac(macKey);
        mac.update(senderIdentity, 0, Keys.SERIALIZED_LENGTH);
        mac.update(receiverIdentity, 0, Keys.SERIALIZED_LENGTH);
        mac.update(message, 0, length);
        byte[] full = mac.doFinal();
        byte[] out = new byte[MAC_LENGTH];
        System.arraycopy(full, 0, out, 0, MAC_LENGTH);
        return out;
    }

    static boolean macMatches(byte[] expected, byte[] message) {
        byte[] theirs = new byte[MAC_LENGTH];
        System.arraycopy(message, message.length - MAC_LENGTH, theirs, 0, MAC_LENGTH);
        return MessageDigest.isEqual(expected, theirs);
    }

    static byte[] encrypt(MessageKeys keys, byte[] plaintext) {
        return aesCbcEncrypt(keys.cipherKey(), keys.iv(), plaintext);
    }

    /** The plaintext, or null when the padding is wrong (a wrong key, as the MAC already matched). */
    static byte[] decrypt(MessageKeys keys, byte[] ciphertext) {
        return aesCbcDecrypt(keys.cipherKey(), keys.iv(), ciphertext);
    }

    /** AES-256-CBC with PKCS#5/7 padding on this thread's {@link Cipher}. */
    public static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        Cipher cipher = AES_CBC.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
    }

    /** The AES-256-CBC plaintext, or null when the length or the padding is wrong (a wrong key or a corrupt body). */
    public static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            return null;
        }
        Cipher cipher = AES_CBC.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(ciphertext);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC decryption failed", e);
        }
    }
}
