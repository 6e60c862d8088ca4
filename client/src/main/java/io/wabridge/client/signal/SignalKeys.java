package io.wabridge.client.signal;

import io.wabridge.client.store.KeyPair;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.Curve;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * Converts keys between WhatsApp's wire form and libsignal's. On the wire (prekey uploads, {@code <key>}
 * responses, pairing) Curve25519 public keys are 32 raw bytes; libsignal serializes them with a leading type
 * byte 0x05 (33 bytes), and that 33-byte form is what travels inside Signal messages.
 */
public final class SignalKeys {

    public static final int RAW_KEY_LENGTH = 32;
    public static final int PREFIXED_KEY_LENGTH = 33;
    /** libsignal's type byte for Curve25519 ("DJB") public keys. */
    public static final byte DJB_TYPE = 0x05;

    private SignalKeys() {
    }

    /** 0x05 || raw. */
    public static byte[] prefixed(byte[] raw) {
        if (raw == null || raw.length != RAW_KEY_LENGTH) {
            throw new MalformedKeyException("raw Curve25519 public key must be 32 bytes, got " + length(raw));
        }
        byte[] out = new byte[PREFIXED_KEY_LENGTH];
        out[0] = DJB_TYPE;
        System.arraycopy(raw, 0, out, 1, RAW_KEY_LENGTH);
        return out;
    }

    /** The raw 32 bytes of a raw (returned as is) or 0x05-prefixed key. */
    public static byte[] raw(byte[] key) {
        if (key != null && key.length == RAW_KEY_LENGTH) {
            return key;
        }
        if (key != null && key.length == PREFIXED_KEY_LENGTH && key[0] == DJB_TYPE) {
            byte[] out = new byte[RAW_KEY_LENGTH];
            System.arraycopy(key, 1, out, 0, RAW_KEY_LENGTH);
            return out;
        }
        throw new MalformedKeyException("not a Curve25519 public key: " + length(key) + " bytes");
    }

    /** The raw 32 bytes of a libsignal public key. */
    public static byte[] raw(ECPublicKey key) {
        return key.getPublicKeyBytes();
    }

    /** The raw 32 bytes of an identity key. */
    public static byte[] raw(IdentityKey key) {
        return key.getPublicKey().getPublicKeyBytes();
    }

    /** A libsignal public key from 32 raw or 33 prefixed bytes. */
    public static ECPublicKey publicKey(byte[] key) {
        try {
            return Curve.decodePoint(key.length == RAW_KEY_LENGTH ? prefixed(key) : checkedPrefixed(key), 0);
        } catch (InvalidKeyException e) {
            throw new MalformedKeyException("invalid Curve25519 public key", e);
        }
    }

    public static IdentityKey identityKey(byte[] key) {
        return new IdentityKey(publicKey(key));
    }

    public static ECPrivateKey privateKey(byte[] raw) {
        if (raw == null || raw.length != RAW_KEY_LENGTH) {
            throw new MalformedKeyException("Curve25519 private key must be 32 bytes, got " + length(raw));
        }
        try {
            return Curve.decodePrivatePoint(raw);
        } catch (InvalidKeyException e) {
            throw new MalformedKeyException("invalid Curve25519 private key", e);
        }
    }

    public static ECKeyPair keyPair(KeyPair pair) {
        return new ECKeyPair(publicKey(pair.publicKey()), privateKey(pair.privateKey()));
    }

    public static IdentityKeyPair identityKeyPair(KeyPair pair) {
        return new IdentityKeyPair(identityKey(pair.publicKey()), privateKey(pair.privateKey()));
    }

    /** Our store's form of a libsignal key pair (raw 32-byte keys). */
    public static KeyPair toKeyPair(ECKeyPair pair) {
        return new KeyPair(pair.getPublicKey().getPublicKeyBytes(), pair.getPrivateKey().serialize());
    }

    private static byte[] checkedPrefixed(byte[] key) {
        if (key == null || key.length != PREFIXED_KEY_LENGTH || key[0] != DJB_TYPE) {
            throw new MalformedKeyException("not a Curve25519 public key: " + length(key) + " bytes");
        }
        return key;
    }

    private static String length(byte[] key) {
        return key == null ? "null" : Integer.toString(key.length);
    }
}
