package io.wabridge.client.history;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySyncMsg;
import io.wabridge.proto.wa.PhoneNumberToLIDMapping;
import io.wabridge.proto.wa.Pushname;
import io.wabridge.proto.wa.WebMessageInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * Walks an (inflated) HistorySync protobuf as a stream, field by field, never holding it whole: each conversation's
 * messages are parsed and handed over one at a time, then the conversation's other fields (its details, which
 * follow its messages on the wire) as one {@link HistoryConversation} without messages. Push names, LID mappings
 * and status messages are handed over as they come; every other field is skipped. Heap: one message (and one
 * conversation's details) at a time, whatever the size of the chunk.
 */
public final class HistoryReader {
    private static final int HS_CONVERSATIONS = 2;
    private static final int HS_STATUS_V3_MESSAGES = 3;
    private static final int HS_PUSHNAMES = 7;
    private static final int HS_LID_MAPPINGS = 15;
    private static final int CONV_MESSAGES = 2;
    private static final int BUFFER = 64 * 1024;

    /** What the reader found, in stream order. */
    public interface Visitor {
        /** A message of a conversation (or a status message); {@code wireSize} is its serialized size. */
        void message(WebMessageInfo message, int wireSize) throws IOException;

        /** A conversation's details (no messages) after its messages; {@code messages} counts them. */
        void conversation(HistoryConversation conversation, int messages, int wireSize) throws IOException;

        void pushName(Pushname pushName, int wireSize) throws IOException;

        void lidMapping(PhoneNumberToLIDMapping mapping, int wireSize) throws IOException;
    }

    private HistoryReader() {
    }

    /**
     * Reads the whole stream.
     *
     * @throws InvalidProtocolBufferException the bytes are not a HistorySync
     * @throws IOException                    the stream failed (e.g. {@link java.util.zip.ZipException} from the
     *                                        inflater) or the visitor did
     */
    public static void read(InputStream stream, Visitor visitor) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(stream, BUFFER);
        ExtensionRegistryLite registry = ExtensionRegistryLite.getEmptyRegistry();
        while (true) {
            in.resetSizeCounter();
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            boolean lengthDelimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (!lengthDelimited && (field == HS_CONVERSATIONS || field == HS_STATUS_V3_MESSAGES || field == HS_PUSHNAMES
                    || field == HS_LID_MAPPINGS)) {
                throw new InvalidProtocolBufferException("HistorySync field " + field + " is not length-delimited");
            }
            switch (field) {
                case HS_CONVERSATIONS -> conversation(in, registry, visitor);
                case HS_STATUS_V3_MESSAGES -> {
                    int size = in.readRawVarint32();
                    visitor.message(delimited(in, size, WebMessageInfo.parser(), registry), size);
                }
                case HS_PUSHNAMES -> {
                    int size = in.readRawVarint32();
                    visitor.pushName(delimited(in, size, Pushname.parser(), registry), size);
                }
                case HS_LID_MAPPINGS -> {
                    int size = in.readRawVarint32();
                    visitor.lidMapping(delimited(in, size, PhoneNumberToLIDMapping.parser(), registry), size);
                }
                default -> in.skipField(tag);
            }
        }
    }

    /** One length-delimited message of {@code size} bytes (its length already read). */
    private static <T> T delimited(CodedInputStream in, int size, com.google.protobuf.Parser<T> parser,
                                   ExtensionRegistryLite registry) throws IOException {
        if (size < 0) {
            throw new InvalidProtocolBufferException("negative length");
        }
        int old = in.pushLimit(size);
        T message = parser.parseFrom(in, registry);
        in.popLimit(old);
        return message;
    }

    private static void conversation(CodedInputStream in, ExtensionRegistryLite registry, Visitor visitor)
            throws IOException {
        int size = in.readRawVarint32();
        if (size < 0) {
            throw new InvalidProtocolBufferException("negative conversation length");
        }
        int old = in.pushLimit(size);
        ByteString.Output details = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(details);
        int messages = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == CONV_MESSAGES) {
                if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    throw new InvalidProtocolBufferException("Conversation.messages is not length-delimited");
                }
                int msgSize = in.readRawVarint32();
                HistorySyncMsg msg = delimited(in, msgSize, HistorySyncMsg.parser(), registry);
                messages++;
                if (msg.hasMessage()) {
                    visitor.message(msg.getMessage(), msgSize);
                }
            } else {
                in.skipField(tag, out);
            }
        }
        in.popLimit(old);
        out.flush();
        ByteString bytes = details.toByteString();
        visitor.conversation(HistoryConversation.parseFrom(bytes), messages, bytes.size());
    }
}
