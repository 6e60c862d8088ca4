package io.wabridge.simulator.contact;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.EncryptedMessage;

/**
 * Deliberately broken ciphertexts for the receiver's retry path: the message still parses, but its MAC is wrong,
 * so the receiver fails with a bad MAC (retry reason 7) and asks for the message again. A SignalMessage is a
 * version byte, a protobuf and an 8-byte MAC at the end; a PreKeySignalMessage is a version byte and a protobuf
 * whose field 4 is the SignalMessage.
 */
final class Ciphertexts {
    private static final int INNER_MESSAGE_FIELD = 4;

    private Ciphertexts() {}

    static EncryptedMessage withBadMac(EncryptedMessage message) {
        byte[] bytes = message.ciphertext();
        if (message.type() == CiphertextType.MSG) {
            byte[] copy = bytes.clone();
            copy[copy.length - 1] ^= 1;
            return new EncryptedMessage(message.type(), copy);
        }
        try {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(ByteString.copyFrom(bytes, 1, bytes.length - 1));
            byte[] inner = fields.getField(INNER_MESSAGE_FIELD).getLengthDelimitedList().getFirst().toByteArray();
            inner[inner.length - 1] ^= 1;
            UnknownFieldSet broken = UnknownFieldSet.newBuilder(fields)
                    .clearField(INNER_MESSAGE_FIELD)
                    .addField(INNER_MESSAGE_FIELD, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFrom(inner)).build())
                    .build();
            byte[] body = broken.toByteArray();
            byte[] out = new byte[body.length + 1];
            out[0] = bytes[0];
            System.arraycopy(body, 0, out, 1, body.length);
            return new EncryptedMessage(message.type(), out);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalStateException("a pkmsg libsignal just made does not parse", e);
        }
    }
}
