package io.wabridge.client.message;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.wa.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.random.RandomGenerator;

/** A Message protobuf to and from the padded plaintext Signal encrypts, with one allocation each way. */
public final class MessagePlaintext {

    private MessagePlaintext() {
    }

    /** The message serialized straight into an array with room for its padding. */
    public static byte[] encode(Message message, RandomGenerator random) {
        int size = message.getSerializedSize();
        int pad = MessagePadding.padLength(random);
        byte[] out = new byte[size + pad];
        CodedOutputStream output = CodedOutputStream.newInstance(out, 0, size);
        try {
            message.writeTo(output);
        } catch (IOException e) {
            throw new UncheckedIOException("serializing into a sized array cannot fail", e);
        }
        output.checkNoSpaceLeft();
        MessagePadding.fill(out, size, pad);
        return out;
    }

    /**
     * The message in a decrypted plaintext. Unknown fields are kept, so it re-serializes without loss.
     *
     * @throws InvalidPaddingException   if the padding is invalid
     * @throws MalformedMessageException if what the padding holds is not a Message
     */
    public static Message decode(byte[] padded) throws InvalidPaddingException, MalformedMessageException {
        int length = MessagePadding.unpaddedLength(padded);
        try {
            return Message.parser().parseFrom(padded, 0, length);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("plaintext is not a Message: " + e.getMessage(), e);
        }
    }
}
