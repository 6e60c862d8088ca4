package io.wabridge.client.signal.ratchet;

import io.wabridge.client.signal.ratchet.RatchetException.Kind;

/**
 * SignalMessage and PreKeySignalMessage (libsignal's wire.proto) behind their version byte {@code 0x33}, written in
 * field-number order as libsignal (prost) writes them, so equal inputs give equal bytes. Parsing is as strict as libsignal-client 0.23.1's.
 */
final class WireMessages {

    private WireMessages() {
    }

    record SignalMessage(int version, byte[] ratchetKey, int counter, int previousCounter, byte[] body,
            byte[] serialized) {
    }

    record PreKeySignalMessage(int version, int registrationId, Integer preKeyId, int signedPreKeyId, byte[] baseKey,
            byte[] identityKey, SignalMessage message) {
    }

    private static int versionByte(int version) {
        return (version & 0xF) << 4 | RatchetCipher.CURRENT_VERSION;
    }

    static byte[] signalMessage(int version, byte[] macKey, byte[] ratchetKey, int counter, int previousCounter,
            byte[] body, byte[] senderIdentity, byte[] receiverIdentity) {
        Proto.Writer out = new Proto.Writer(1 + 35 + 12 + body.length + 3 + RatchetCrypto.MAC_LENGTH);
        out.raw(versionByte(version))
                .bytes(1, ratchetKey)
                .uint32(2, counter)
                .uint32(3, previousCounter)
                .bytes(4, body);
        byte[] mac = RatchetCrypto.messageMac(macKey, senderIdentity, receiverIdentity, out.buffer(), out.size());
        for (byte b : mac) {
            out.raw(b);
        }
        return out.toByteArray();
    }

    static byte[] preKeySignalMessage(int version, int registrationId, Integer preKeyId, int signedPreKeyId,
            byte[] baseKey, byte[] identityKey, byte[] message) {
        Proto.Writer out = new Proto.Writer(1 + 6 + 6 + 6 + 35 + 35 + message.length + 3);
        out.raw(versionByte(version));
        if (preKeyId != null) {
            out.uint32(1, preKeyId);
        }
        out.bytes(2, baseKey)
                .bytes(3, identityKey)
                .bytes(4, message)
                .uint32(5, registrationId)
                .uint32(6, signedPreKeyId);
        return out.toByteArray();
    }

    private static int version(byte[] serialized) throws RatchetException {
        int version = (serialized[0] & 0xFF) >>> 4;
        if (version < RatchetCipher.CURRENT_VERSION) {
            throw new RatchetException(Kind.LEGACY_VERSION, "legacy message version " + version);
        }
        if (version > RatchetCipher.CURRENT_VERSION) {
            throw new RatchetException(Kind.UNKNOWN_VERSION, "unknown message version " + version);
        }
        return version;
    }

    static SignalMessage parseSignalMessage(byte[] serialized) throws RatchetException {
        if (serialized.length < RatchetCrypto.MAC_LENGTH + 1) {
            throw new RatchetException(Kind.MALFORMED, "message too short: " + serialized.length + " bytes");
        }
        int version = version(serialized);
        byte[] ratchetKey = null;
        Integer counter = null;
        int previousCounter = 0;
        byte[] body = null;
        try {
            Proto.Reader in = new Proto.Reader(serialized, 1, serialized.length - RatchetCrypto.MAC_LENGTH);
            while (in.hasMore()) {
                int tag = in.tag();
                switch (tag) {
                    case 1 << 3 | Proto.LEN -> ratchetKey = in.bytes();
                    case 2 << 3 -> counter = in.int32();
                    case 3 << 3 -> previousCounter = in.int32();
                    case 4 << 3 | Proto.LEN -> body = in.bytes();
                    default -> skipUnknown(in, tag, 4);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new RatchetException(Kind.MALFORMED, "bad SignalMessage protobuf: " + e.getMessage());
        }
        if (ratchetKey == null || counter == null || body == null) {
            throw new RatchetException(Kind.MALFORMED, "SignalMessage without ratchet key, counter or body");
        }
        if (!Keys.isPublicKey(ratchetKey)) {
            throw new RatchetException(Kind.MALFORMED, "bad ratchet key in SignalMessage");
        }
        return new SignalMessage(version, ratchetKey, counter, previousCounter, body, serialized);
    }

    static PreKeySignalMessage parsePreKeySignalMessage(byte[] serialized) throws RatchetException {
        if (serialized.length == 0) {
            throw new RatchetException(Kind.MALFORMED, "empty pkmsg");
        }
        int version = version(serialized);
        int registrationId = 0;
        Integer preKeyId = null;
        Integer signedPreKeyId = null;
        byte[] baseKey = null;
        byte[] identityKey = null;
        byte[] message = null;
        try {
            Proto.Reader in = new Proto.Reader(serialized, 1, serialized.length);
            while (in.hasMore()) {
                int tag = in.tag();
                switch (tag) {
                    case 5 << 3 -> registrationId = in.int32();
                    case 1 << 3 -> preKeyId = in.int32();
                    case 6 << 3 -> signedPreKeyId = in.int32();
                    case 2 << 3 | Proto.LEN -> baseKey = in.bytes();
                    case 3 << 3 | Proto.LEN -> identityKey = in.bytes();
                    case 4 << 3 | Proto.LEN -> message = in.bytes();
                    default -> skipUnknown(in, tag, 6);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new RatchetException(Kind.MALFORMED, "bad PreKeySignalMessage protobuf: " + e.getMessage());
        }
        if (baseKey == null || identityKey == null || message == null || signedPreKeyId == null) {
            throw new RatchetException(Kind.MALFORMED, "PreKeySignalMessage without a required field");
        }
        if (!Keys.isPublicKey(baseKey) || !Keys.isPublicKey(identityKey)) {
            throw new RatchetException(Kind.MALFORMED, "bad key in PreKeySignalMessage");
        }
        return new PreKeySignalMessage(version, registrationId, preKeyId, signedPreKeyId, Keys.normalize(baseKey),
                Keys.normalize(identityKey), parseSignalMessage(message));
    }

    /** A known field with the wrong wire type is malformed (as protobuf decoders fail it); unknown ones are skipped. */
    private static void skipUnknown(Proto.Reader in, int tag, int maxKnownField) {
        if ((tag >>> 3) <= maxKnownField) {
            throw new IllegalArgumentException("field " + (tag >>> 3) + " has wire type " + (tag & 7));
        }
        in.skip(tag);
    }
}
