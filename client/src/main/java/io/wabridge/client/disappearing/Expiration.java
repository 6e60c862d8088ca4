package io.wabridge.client.disappearing;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import io.wabridge.proto.wa.ContextInfo;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.Message;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code contextInfo.expiration} of a message: read from a received one (inside the {@code ephemeralMessage},
 * {@code deviceSentMessage}, view-once and document-with-caption wrappers), written into an outgoing one. A plain
 * {@code conversation} text has no context, so an outgoing one becomes an {@code extendedTextMessage}, as WhatsApp
 * clients send text in an ephemeral chat.
 */
public final class Expiration {

    private static final String CONTEXT = "context_info";

    private Expiration() {
    }

    /**
     * The content fields that can carry a context ({@code context_info} of type ContextInfo), in field-number order:
     * the order in which {@link #of} and {@link #stamp} look at them, as {@code getAllFields} would list them.
     */
    private static final List<FieldDescriptor> WITH_CONTEXT = Message.getDescriptor().getFields().stream()
            .filter(f -> f.getJavaType() == JavaType.MESSAGE && !f.isRepeated() && contextOf(f) != null)
            .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
            .toList();

    /** The message's disappearing timer in seconds as its context says, 0 when it has none. Never throws. */
    public static int of(Message message) {
        Message content = unwrap(message);
        // The usual texts first, without reflection: a content that is exactly one conversation (no context) or one
        // extended text (its context). The sizes prove nothing else is set; anything else is looked at field by field.
        int size = content.getSerializedSize();
        if (content.hasConversation()
                && size == CodedOutputStream.computeStringSize(1, content.getConversation())) {
            return 0;
        }
        if (content.hasExtendedTextMessage()
                && size == CodedOutputStream.computeMessageSize(6, content.getExtendedTextMessage())) {
            ExtendedTextMessage text = content.getExtendedTextMessage();
            return text.hasContextInfo() ? Math.max(0, text.getContextInfo().getExpiration()) : 0;
        }
        for (FieldDescriptor field : WITH_CONTEXT) {
            if (content.hasField(field) && content.getField(field) instanceof com.google.protobuf.Message inner) {
                FieldDescriptor context = contextOf(field);
                if (inner.hasField(context) && inner.getField(context) instanceof ContextInfo info
                        && info.getExpiration() > 0) {
                    return info.getExpiration();
                }
            }
        }
        return 0;
    }

    /** The {@code context_info} field (of type ContextInfo) of a message-typed field's type, or null. */
    private static FieldDescriptor contextOf(FieldDescriptor field) {
        FieldDescriptor context = field.getMessageType().findFieldByName(CONTEXT);
        return context != null && context.getJavaType() == JavaType.MESSAGE
                && context.getMessageType() == ContextInfo.getDescriptor() ? context : null;
    }

    /**
     * {@code message} with {@code contextInfo.expiration = seconds} (and {@code ephemeralSettingTimestamp} when not 0)
     * in its content; unchanged when {@code seconds} is 0, the content has no context (protocol messages, reactions)
     * or it carries an expiration already.
     */
    public static Message stamp(Message message, int seconds, long settingTimestamp) {
        if (seconds <= 0) {
            return message;
        }
        if (message.hasConversation()) {
            message = message.toBuilder().clearConversation()
                    .setExtendedTextMessage(ExtendedTextMessage.newBuilder().setText(message.getConversation())).build();
        }
        for (FieldDescriptor f : WITH_CONTEXT) {
            if (!message.hasField(f) || !(message.getField(f) instanceof com.google.protobuf.Message inner)) {
                continue;
            }
            FieldDescriptor context = contextOf(f);
            ContextInfo before = inner.hasField(context) ? (ContextInfo) inner.getField(context)
                    : ContextInfo.getDefaultInstance();
            if (before.getExpiration() > 0) {
                return message;
            }
            ContextInfo.Builder after = before.toBuilder().setExpiration(seconds);
            if (settingTimestamp > 0) {
                after.setEphemeralSettingTimestamp(settingTimestamp);
            }
            return message.toBuilder().setField(f, inner.toBuilder().setField(context, after.build()).build()).build();
        }
        return message;
    }

    /** The content inside the wrappers a received message may come in. */
    private static Message unwrap(Message m) {
        for (int depth = 0; depth < 4; depth++) {
            if (m.hasEphemeralMessage() && m.getEphemeralMessage().hasMessage()) {
                m = m.getEphemeralMessage().getMessage();
            } else if (m.hasDeviceSentMessage() && m.getDeviceSentMessage().hasMessage()) {
                m = m.getDeviceSentMessage().getMessage();
            } else if (m.hasViewOnceMessage() && m.getViewOnceMessage().hasMessage()) {
                m = m.getViewOnceMessage().getMessage();
            } else if (m.hasViewOnceMessageV2() && m.getViewOnceMessageV2().hasMessage()) {
                m = m.getViewOnceMessageV2().getMessage();
            } else if (m.hasDocumentWithCaptionMessage() && m.getDocumentWithCaptionMessage().hasMessage()) {
                m = m.getDocumentWithCaptionMessage().getMessage();
            } else {
                return m;
            }
        }
        return m;
    }
}
