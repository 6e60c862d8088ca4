package io.wabridge.bridge.contract;

import io.wabridge.client.message.content.ContactCard;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.LinkPreview;
import io.wabridge.client.message.content.Location;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Poll;
import io.wabridge.client.message.content.QuotedMessage;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.message.content.Unknown;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.MessageRef;
import io.wabridge.proto.v1.Quote;

/**
 * Writes a received message's content into the contract's {@code message} event. A kind the contract has no field
 * for (an ephemeral setting, an edit to something other than text, anything the client keeps as unknown) leaves
 * content unset and is carried as the raw Message bytes instead, so nothing is lost.
 */
public final class IncomingContent {

    private IncomingContent() {
    }

    /** Sets content (and quoted, mentions) on {@code event}; returns false when the raw bytes must carry it. */
    public static boolean fill(MessageContent content, MessageEvent.Builder event) {
        io.wabridge.proto.v1.MessageContent.Builder c = event.getContentBuilder();
        if (!kind(content, c)) {
            event.clearContent();
            return false;
        }
        if (content instanceof ExtendedText e) {
            event.addAllMentions(e.mentions());
            if (e.quoted() != null) {
                event.setQuoted(quote(e.quoted()));
            }
        }
        return true;
    }

    private static boolean kind(MessageContent content, io.wabridge.proto.v1.MessageContent.Builder c) {
        switch (content) {
            case Text t -> c.setText(t.text());
            case ExtendedText e -> {
                io.wabridge.proto.v1.ExtendedText.Builder x = c.getExtendedTextBuilder().setText(e.text());
                LinkPreview p = e.preview();
                if (p != null) {
                    x.setMatchedText(nullToEmpty(p.matchedText())).setCanonicalUrl(nullToEmpty(p.canonicalUrl()))
                            .setTitle(nullToEmpty(p.title())).setDescription(nullToEmpty(p.description()));
                }
            }
            case Reaction r -> c.getReactionBuilder().setTarget(ref(r.target())).setEmoji(r.emoji());
            case Edit e -> {
                String text = switch (e.newContent()) {
                    case Text t -> t.text();
                    case ExtendedText x -> x.text();
                    default -> null;
                };
                if (text == null) {
                    return false;
                }
                c.getEditBuilder().setTarget(ref(e.target())).setText(text);
            }
            case Revoke r -> c.getRevokeBuilder().setTarget(ref(r.target()));
            case Location l -> c.getLocationBuilder().setLatitude(l.latitude()).setLongitude(l.longitude())
                    .setName(nullToEmpty(l.name())).setAddress(nullToEmpty(l.address())).setUrl(nullToEmpty(l.url()));
            case ContactCard k -> c.getContactBuilder().setDisplayName(nullToEmpty(k.displayName())).setVcard(k.vcard());
            case Poll p -> c.getPollBuilder().setName(p.name()).addAllOptions(p.options())
                    .setSelectableCount(p.selectableCount());
            case EphemeralSetting s -> {
                return false;
            }
            case io.wabridge.client.message.content.Media m -> c.setMedia(MediaContract.describe(m, null));
            case Unknown u -> {
                return false;
            }
        }
        return true;
    }

    private static MessageRef ref(io.wabridge.client.message.content.MessageRef r) {
        return MessageRef.newBuilder().setId(r.id()).setChat(r.remoteJid()).setSender(nullToEmpty(r.participant()))
                .setFromMe(r.fromMe()).build();
    }

    private static Quote quote(QuotedMessage q) {
        Quote.Builder b = Quote.newBuilder().setId(q.stanzaId()).setChat(nullToEmpty(q.remoteJid()))
                .setSender(nullToEmpty(q.participant()));
        if (q.content() != null) {
            io.wabridge.proto.v1.MessageContent.Builder c = io.wabridge.proto.v1.MessageContent.newBuilder();
            if (kind(q.content(), c)) {
                b.setContent(c);
            }
        }
        return b.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
