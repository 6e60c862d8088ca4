package io.wabridge.client.crypto;

import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * XEdDSA signatures over Curve25519 keys (Signal's scheme, which WhatsApp uses for certificates and
 * device identities), through libsignal-client. Keys are raw 32 bytes; the 33-byte form carries the
 * 0x05 (DJB) type prefix.
 */
public final class XEdDsa {

    public static final int SIGNATURE_LENGTH = 64;
    public static final byte DJB_TYPE = 0x05;

    private XEdDsa() {
    }

    /** 64-byte XEdDSA signature of {@code message} by a raw 32-byte Curve25519 private key. */
    public static byte[] sign(byte[] privateKey, byte[] message) {
        try {
            ECPrivateKey key = Curve.decodePrivatePoint(privateKey);
            return key.calculateSignature(message);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("invalid Curve25519 private key", e);
        }
    }

    /**
     * Whether {@code signature} is a valid XEdDSA signature of {@code message} under a public key given
     * raw (32 bytes) or prefixed (33 bytes, 0x05 first). A malformed key or signature is simply invalid.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        try {
            return toSignalKey(publicKey).verifySignature(message, signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 0x05 || raw key. */
    public static byte[] withTypePrefix(byte[] rawPublicKey) {
        if (rawPublicKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("raw Curve25519 public key must be 32 bytes");
        }
        byte[] prefixed = new byte[X25519.KEY_LENGTH + 1];
        prefixed[0] = DJB_TYPE;
        System.arraycopy(rawPublicKey, 0, prefixed, 1, X25519.KEY_LENGTH);
        return prefixed;
    }

    /** Raw 32 bytes from a raw or 0x05-prefixed key. */
    public static byte[] stripTypePrefix(byte[] publicKey) {
        if (publicKey.length == X25519.KEY_LENGTH) {
            return publicKey;
        }
        if (publicKey.length == X25519.KEY_LENGTH + 1 && publicKey[0] == DJB_TYPE) {
            byte[] raw = new byte[X25519.KEY_LENGTH];
            System.arraycopy(publicKey, 1, raw, 0, X25519.KEY_LENGTH);
            return raw;
        }
        throw new IllegalArgumentException("not a Curve25519 public key: " + publicKey.length + " bytes");
    }

    private static ECPublicKey toSignalKey(byte[] publicKey) {
        if (publicKey == null) {
            throw new IllegalArgumentException("missing public key");
        }
        try {
            return Curve.decodePoint(withTypePrefix(stripTypePrefix(publicKey)), 0);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("invalid Curve25519 public key", e);
        }
    }
}
