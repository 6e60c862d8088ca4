package io.wabridge.client.message.content;

import io.wabridge.proto.wa.ContactMessage;
import io.wabridge.proto.wa.ContextInfo;
import io.wabridge.proto.wa.DeviceSentMessage;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.FutureProofMessage;
import io.wabridge.proto.wa.LocationMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageContextInfo;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.PollCreationMessage;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.ReactionMessage;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@link MessageContent} to and from the Message protobuf, in the shapes WhatsApp clients send: plain text as
 * {@code conversation}, edits inside {@code editedMessage} (WhatsApp Web, whatsmeow), single-choice polls as v3.
 * Decoding also accepts the other shapes in use (a bare MESSAGE_EDIT protocol message as Baileys sends it, an
 * ephemeral setting inside {@code ephemeralMessage}, polls v1/v2/v3).
 *
 * <p>A message decodes to a typed kind only when it holds exactly one content field we model and no field our
 * schema does not know; anything else is {@link Unknown} with the whole protobuf, so nothing is dropped.
 * {@code messageContextInfo} and {@code senderKeyDistributionMessage} are envelope data, not content: the pipeline
 * reads them from the protobuf.
 */
public final class MessageContentCodec {

    private MessageContentCodec() {
    }

    // ---- encode ----

    /**
     * The protobuf for outgoing content.
     *
     * @throws InvalidMessageContentException if WhatsApp would not accept it ({@link MessageLimits})
     */
    public static Message encode(MessageContent content) {
        MessageLimits.checkOutgoing(content);
        return toProto(content);
    }

    /**
     * The copy of a message for our own other devices: {@code deviceSentMessage{destinationJid, message}}, with
     * the message context info also on the outside (as whatsmeow and WhatsApp Web send it).
     */
    public static Message wrapForOwnDevices(Message message, String destinationJid) {
        Message.Builder wrapper = Message.newBuilder().setDeviceSentMessage(DeviceSentMessage.newBuilder()
                .setDestinationJid(destinationJid).setMessage(message));
        if (message.hasMessageContextInfo()) {
            wrapper.setMessageContextInfo(message.getMessageContextInfo());
        }
        return wrapper.build();
    }

    private static Message toProto(MessageContent content) {
        return switch (content) {
            case Text text -> Message.newBuilder().setConversation(text.text()).build();
            case ExtendedText text -> Message.newBuilder().setExtendedTextMessage(extendedText(text)).build();
            case Reaction reaction -> Message.newBuilder().setReactionMessage(ReactionMessage.newBuilder()
                    .setKey(key(reaction.target())).setText(reaction.emoji())
                    .setSenderTimestampMs(reaction.senderTimestampMs())).build();
            case Edit edit -> edit(edit);
            case Revoke revoke -> Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                    .setKey(key(revoke.target())).setType(ProtocolMessage.Type.REVOKE)).build();
            case Location location -> Message.newBuilder().setLocationMessage(location(location)).build();
            case ContactCard card -> Message.newBuilder().setContactMessage(contact(card)).build();
            case Poll poll -> poll(poll);
            case EphemeralSetting setting -> Message.newBuilder().setProtocolMessage(ephemeralSetting(setting)).build();
            case Media media -> MediaContentCodec.encode(media);
            case Unknown unknown -> unknown.message();
        };
    }

    private static ExtendedTextMessage extendedText(ExtendedText text) {
        ExtendedTextMessage.Builder b = ExtendedTextMessage.newBuilder().setText(text.text());
        LinkPreview preview = text.preview();
        if (preview != null) {
            if (preview.matchedText() != null) {
                b.setMatchedText(preview.matchedText());
            }
            if (preview.canonicalUrl() != null) {
                b.setCanonicalUrl(preview.canonicalUrl());
            }
            if (preview.title() != null) {
                b.setTitle(preview.title());
            }
            if (preview.description() != null) {
                b.setDescription(preview.description());
            }
        }
        if (!text.mentions().isEmpty() || text.quoted() != null || text.expirationSeconds() != 0) {
            ContextInfo.Builder ctx = ContextInfo.newBuilder().addAllMentionedJid(text.mentions());
            QuotedMessage quoted = text.quoted();
            if (quoted != null) {
                ctx.setStanzaId(quoted.stanzaId());
                if (quoted.participant() != null) {
                    ctx.setParticipant(quoted.participant());
                }
                if (quoted.remoteJid() != null) {
                    ctx.setRemoteJid(quoted.remoteJid());
                }
                if (quoted.content() != null) {
                    ctx.setQuotedMessage(toProto(quoted.content()));
                }
            }
            if (text.expirationSeconds() != 0) {
                ctx.setExpiration(text.expirationSeconds());
            }
            b.setContextInfo(ctx);
        }
        return b.build();
    }

    private static Message edit(Edit edit) {
        ProtocolMessage.Builder protocol = ProtocolMessage.newBuilder()
                .setKey(key(edit.target()))
                .setType(ProtocolMessage.Type.MESSAGE_EDIT)
                .setEditedMessage(toProto(edit.newContent()));
        if (edit.timestampMs() != 0) {
            protocol.setTimestampMs(edit.timestampMs());
        }
        return Message.newBuilder().setEditedMessage(FutureProofMessage.newBuilder()
                .setMessage(Message.newBuilder().setProtocolMessage(protocol))).build();
    }

    private static LocationMessage location(Location location) {
        LocationMessage.Builder b = LocationMessage.newBuilder()
                .setDegreesLatitude(location.latitude()).setDegreesLongitude(location.longitude());
        if (location.name() != null) {
            b.setName(location.name());
        }
        if (location.address() != null) {
            b.setAddress(location.address());
        }
        if (location.url() != null) {
            b.setUrl(location.url());
        }
        if (location.comment() != null) {
            b.setComment(location.comment());
        }
        return b.build();
    }

    private static ContactMessage contact(ContactCard card) {
        ContactMessage.Builder b = ContactMessage.newBuilder().setVcard(card.vcard());
        if (card.displayName() != null) {
            b.setDisplayName(card.displayName());
        }
        return b.build();
    }

    private static Message poll(Poll poll) {
        PollCreationMessage.Builder creation = PollCreationMessage.newBuilder()
                .setName(poll.name()).setSelectableOptionsCount(poll.selectableCount());
        for (String option : poll.options()) {
            creation.addOptions(PollCreationMessage.Option.newBuilder().setOptionName(option));
        }
        Message.Builder b = Message.newBuilder();
        if (poll.selectableCount() == 1) {
            b.setPollCreationMessageV3(creation);
        } else {
            b.setPollCreationMessage(creation);
        }
        byte[] secret = poll.messageSecret();
        if (secret != null) {
            b.setMessageContextInfo(MessageContextInfo.newBuilder().setMessageSecret(ByteString.copyFrom(secret)));
        }
        return b.build();
    }

    private static ProtocolMessage ephemeralSetting(EphemeralSetting setting) {
        ProtocolMessage.Builder b = ProtocolMessage.newBuilder()
                .setType(ProtocolMessage.Type.EPHEMERAL_SETTING)
                .setEphemeralExpiration(setting.expirationSeconds());
        if (setting.settingTimestamp() != 0) {
            b.setEphemeralSettingTimestamp(setting.settingTimestamp());
        }
        return b.build();
    }

    private static MessageKey key(MessageRef ref) {
        MessageKey.Builder b = MessageKey.newBuilder().setRemoteJid(ref.remoteJid()).setFromMe(ref.fromMe()).setId(ref.id());
        if (ref.participant() != null) {
            b.setParticipant(ref.participant());
        }
        return b.build();
    }

    // ---- decode ----

    /** A received message: unwraps a copy sent by our own other device, then {@link #decode}. */
    public static ReceivedContent decodeReceived(Message message) {
        if (message.hasDeviceSentMessage() && contentFields(message) == 1 && noUnknownFields(message)) {
            DeviceSentMessage sent = message.getDeviceSentMessage();
            return new ReceivedContent(decode(sent.getMessage()), sent.getDestinationJid());
        }
        return new ReceivedContent(decode(message), null);
    }

    /** The typed content of a message; {@link Unknown} for anything not modeled. Never throws on odd input. */
    public static MessageContent decode(Message m) {
        if (contentFields(m) != 1 || !noUnknownFields(m)) {
            return new Unknown(m);
        }
        MessageContent content = null;
        if (m.hasConversation()) {
            content = new Text(m.getConversation());
        } else if (m.hasExtendedTextMessage()) {
            content = extendedText(m.getExtendedTextMessage());
        } else if (m.hasReactionMessage()) {
            content = reaction(m.getReactionMessage());
        } else if (m.hasProtocolMessage()) {
            content = protocol(m.getProtocolMessage());
        } else if (m.hasEditedMessage()) {
            MessageContent inner = decode(m.getEditedMessage().getMessage());
            content = inner instanceof Edit ? inner : null;
        } else if (m.hasDocumentWithCaptionMessage()) {
            MessageContent inner = decode(m.getDocumentWithCaptionMessage().getMessage());
            content = inner instanceof Media media && media.kind() == MediaKind.DOCUMENT ? inner : null;
        } else if (m.hasEphemeralMessage()) {
            MessageContent inner = decode(m.getEphemeralMessage().getMessage());
            content = inner instanceof Unknown ? null : inner;
        } else if (m.hasLocationMessage()) {
            content = location(m.getLocationMessage());
        } else if (m.hasContactMessage()) {
            ContactMessage c = m.getContactMessage();
            content = new ContactCard(c.hasDisplayName() ? c.getDisplayName() : null, c.getVcard());
        } else if (m.hasPollCreationMessage()) {
            content = poll(m.getPollCreationMessage(), m);
        } else if (m.hasPollCreationMessageV2()) {
            content = poll(m.getPollCreationMessageV2(), m);
        } else if (m.hasPollCreationMessageV3()) {
            content = poll(m.getPollCreationMessageV3(), m);
        } else {
            content = MediaContentCodec.decode(m);
        }
        return content != null ? content : new Unknown(m);
    }

    /** How many content fields are set (envelope fields — context info, sender key distribution — excluded). */
    private static int contentFields(Message m) {
        int n = 0;
        if (m.hasConversation()) n++;
        if (m.hasContactMessage()) n++;
        if (m.hasLocationMessage()) n++;
        if (m.hasExtendedTextMessage()) n++;
        if (m.hasProtocolMessage()) n++;
        if (m.hasDeviceSentMessage()) n++;
        if (m.hasViewOnceMessage()) n++;
        if (m.hasEphemeralMessage()) n++;
        if (m.hasReactionMessage()) n++;
        if (m.hasPollCreationMessage()) n++;
        if (m.hasViewOnceMessageV2()) n++;
        if (m.hasEditedMessage()) n++;
        if (m.hasPollCreationMessageV2()) n++;
        if (m.hasPollCreationMessageV3()) n++;
        if (m.hasImageMessage()) n++;
        if (m.hasDocumentMessage()) n++;
        if (m.hasAudioMessage()) n++;
        if (m.hasVideoMessage()) n++;
        if (m.hasStickerMessage()) n++;
        if (m.hasPtvMessage()) n++;
        if (m.hasDocumentWithCaptionMessage()) n++;
        return n;
    }

    private static boolean noUnknownFields(Message m) {
        return m.getUnknownFields().asMap().isEmpty();
    }

    private static ExtendedText extendedText(ExtendedTextMessage e) {
        LinkPreview preview = null;
        if (e.hasMatchedText() || e.hasCanonicalUrl() || e.hasTitle() || e.hasDescription()) {
            preview = new LinkPreview(e.hasMatchedText() ? e.getMatchedText() : null,
                    e.hasCanonicalUrl() ? e.getCanonicalUrl() : null,
                    e.hasTitle() ? e.getTitle() : null,
                    e.hasDescription() ? e.getDescription() : null);
        }
        List<String> mentions = List.of();
        QuotedMessage quoted = null;
        int expiration = 0;
        if (e.hasContextInfo()) {
            ContextInfo ctx = e.getContextInfo();
            mentions = ctx.getMentionedJidList();
            if (ctx.hasStanzaId()) {
                quoted = new QuotedMessage(ctx.getStanzaId(),
                        ctx.hasParticipant() ? ctx.getParticipant() : null,
                        ctx.hasRemoteJid() ? ctx.getRemoteJid() : null,
                        ctx.hasQuotedMessage() ? decode(ctx.getQuotedMessage()) : null);
            }
            expiration = ctx.getExpiration();
        }
        return new ExtendedText(e.getText(), mentions, quoted, preview, expiration);
    }

    private static Reaction reaction(ReactionMessage r) {
        return new Reaction(ref(r.getKey()), r.getText(), r.getSenderTimestampMs());
    }

    /** The modeled protocol messages; null (then Unknown) for the others and for a missing or unknown type. */
    private static MessageContent protocol(ProtocolMessage p) {
        if (!p.hasType()) {
            return null;
        }
        return switch (p.getType()) {
            case REVOKE -> p.hasKey() ? new Revoke(ref(p.getKey())) : null;
            case MESSAGE_EDIT -> p.hasKey() && p.hasEditedMessage()
                    ? new Edit(ref(p.getKey()), decode(p.getEditedMessage()), p.getTimestampMs())
                    : null;
            case EPHEMERAL_SETTING -> new EphemeralSetting(Math.max(0, p.getEphemeralExpiration()),
                    p.getEphemeralSettingTimestamp());
            default -> null;
        };
    }

    private static Location location(LocationMessage l) {
        return new Location(l.getDegreesLatitude(), l.getDegreesLongitude(),
                l.hasName() ? l.getName() : null, l.hasAddress() ? l.getAddress() : null,
                l.hasUrl() ? l.getUrl() : null, l.hasComment() ? l.getComment() : null);
    }

    private static Poll poll(PollCreationMessage p, Message m) {
        List<String> options = new ArrayList<>(p.getOptionsCount());
        for (PollCreationMessage.Option option : p.getOptionsList()) {
            options.add(option.getOptionName());
        }
        byte[] secret = null;
        if (m.hasMessageContextInfo() && m.getMessageContextInfo().hasMessageSecret()) {
            secret = m.getMessageContextInfo().getMessageSecret().toByteArray();
        } else if (p.hasEncKey()) {
            secret = p.getEncKey().toByteArray();
        }
        return new Poll(p.getName(), options, p.getSelectableOptionsCount(), secret);
    }

    private static MessageRef ref(MessageKey key) {
        return new MessageRef(key.getRemoteJid(), key.getFromMe(), key.getId(),
                key.hasParticipant() ? key.getParticipant() : null);
    }
}
