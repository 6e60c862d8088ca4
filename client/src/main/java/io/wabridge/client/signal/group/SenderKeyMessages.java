package io.wabridge.client.signal.group;

import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SenderKeyException.Failure;
import io.wabridge.client.signal.ratchet.Proto;
import java.util.Arrays;

/**
 * The two sender-key wire messages (schemas {@code waproto/sender_key.proto}), message version 3:
 * a {@code SenderKeyMessage} is {@code 0x33 || proto{1 id, 2 iteration, 3 ciphertext} || 64-byte XEdDSA signature}
 * over everything before the signature; a {@code SenderKeyDistributionMessage} is
 * {@code 0x33 || proto{1 id, 2 iteration, 3 chain key, 4 signing key}}. Fields are written proto2-style (always,
 * in field order), as libsignal and Baileys write them.
 */
final class SenderKeyMessages {

    static final int VERSION = 3;
    static final byte VERSION_BYTE = (byte) (VERSION << 4 | VERSION);

    private SenderKeyMessages() {
    }

    /** A parsed sender-key message; {@code signed} is the length of the signed prefix. */
    record Message(int keyId, int iteration, byte[] ciphertext, byte[] serialized, int signed) {
    }

    /** A parsed distribution message; the signing key is normalized to 33 bytes. */
    record Distribution(int keyId, int iteration, byte[] chainKey, byte[] signingKey) {
    }

    static byte[] serializeMessage(int keyId, int iteration, byte[] ciphertext, byte[] signingPrivate) {
        Proto.Writer out = new Proto.Writer(ciphertext.length + 24 + XEdDsa.SIGNATURE_LENGTH);
        out.raw(VERSION_BYTE).uint32(1, keyId).uint32(2, iteration).bytes(3, ciphertext);
        byte[] signedPart = out.toByteArray();
        byte[] signature = XEdDsa.sign(signingPrivate, signedPart);
        byte[] serialized = Arrays.copyOf(signedPart, signedPart.length + signature.length);
        System.arraycopy(signature, 0, serialized, signedPart.length, signature.length);
        return serialized;
    }

    static Message parseMessage(byte[] serialized) throws SenderKeyException {
        if (serialized == null || serialized.length < 1 + XEdDsa.SIGNATURE_LENGTH) {
            throw new SenderKeyException(Failure.MALFORMED, "sender key message too short: "
                    + (serialized == null ? 0 : serialized.length) + " bytes");
        }
        checkVersion(serialized[0], "sender key message");
        int signed = serialized.length - XEdDsa.SIGNATURE_LENGTH;
        Integer keyId = null;
        Integer iteration = null;
        byte[] ciphertext = null;
        try {
            Proto.Reader in = new Proto.Reader(serialized, 1, signed);
            while (in.hasMore()) {
                int tag = in.tag();
                switch (tag) {
                    case 1 << 3 | Proto.VARINT -> keyId = in.int32();
                    case 2 << 3 | Proto.VARINT -> iteration = in.int32();
                    case 3 << 3 | Proto.LEN -> ciphertext = in.bytes();
                    default -> in.skip(tag);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new SenderKeyException(Failure.MALFORMED, "bad sender key message: " + e.getMessage(), e);
        }
        if (keyId == null || iteration == null || ciphertext == null) {
            throw new SenderKeyException(Failure.MALFORMED, "incomplete sender key message");
        }
        if (iteration < 0 || iteration == Integer.MAX_VALUE) {
            throw new SenderKeyException(Failure.MALFORMED, "sender key iteration out of range: "
                    + Integer.toUnsignedString(iteration));
        }
        return new Message(keyId, iteration, ciphertext, serialized, signed);
    }

    static byte[] serializeDistribution(int keyId, int iteration, byte[] chainKey, byte[] signingPublic) {
        Proto.Writer out = new Proto.Writer(80);
        out.raw(VERSION_BYTE).uint32(1, keyId).uint32(2, iteration).bytes(3, chainKey).bytes(4, signingPublic);
        return out.toByteArray();
    }

    static Distribution parseDistribution(byte[] serialized) throws SenderKeyException {
        if (serialized == null || serialized.length < 2) {
            throw new SenderKeyException(Failure.MALFORMED, "sender key distribution message too short");
        }
        checkVersion(serialized[0], "sender key distribution message");
        Integer keyId = null;
        Integer iteration = null;
        byte[] chainKey = null;
        byte[] signingKey = null;
        try {
            Proto.Reader in = new Proto.Reader(serialized, 1, serialized.length);
            while (in.hasMore()) {
                int tag = in.tag();
                switch (tag) {
                    case 1 << 3 | Proto.VARINT -> keyId = in.int32();
                    case 2 << 3 | Proto.VARINT -> iteration = in.int32();
                    case 3 << 3 | Proto.LEN -> chainKey = in.bytes();
                    case 4 << 3 | Proto.LEN -> signingKey = in.bytes();
                    default -> in.skip(tag);
                }
            }
            if (keyId == null || iteration == null || chainKey == null || signingKey == null) {
                throw new IllegalArgumentException("missing field");
            }
            if (chainKey.length != SenderKeyChain.KEY_LENGTH) {
                throw new IllegalArgumentException("chain key of " + chainKey.length + " bytes");
            }
            if (iteration < 0) {
                throw new IllegalArgumentException("iteration " + Integer.toUnsignedString(iteration));
            }
            return new Distribution(keyId, iteration, chainKey, SenderKeyChain.normalizePublicKey(signingKey));
        } catch (IllegalArgumentException e) {
            throw new SenderKeyException(Failure.MALFORMED, "bad sender key distribution message: "
                    + e.getMessage(), e);
        }
    }

    private static void checkVersion(byte versionByte, String what) throws SenderKeyException {
        int version = (versionByte & 0xff) >> 4;
        if (version != VERSION) {
            throw new SenderKeyException(Failure.UNSUPPORTED_VERSION, what + " version " + version
                    + " (only " + VERSION + " is spoken)");
        }
    }
}
