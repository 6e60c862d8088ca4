package io.wabridge.bridge.contract;

import io.wabridge.client.message.content.ContactCard;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.LinkPreview;
import io.wabridge.client.message.content.Location;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Poll;
import io.wabridge.client.message.content.QuotedMessage;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.Quote;
import io.wabridge.proto.v1.SendMessage;
import java.util.List;

/**
 * The client's content for a validated {@code send_message}: contract kinds map one to one; quoted and mentions
 * turn a text into an extended text. What the client cannot express yet is refused with INVALID_COMMAND, never
 * silently dropped.
 */
public final class OutgoingContent {

    private OutgoingContent() {
    }

    /**
     * @param to          the canonical recipient (a reference without chat means this chat)
     * @param timestampMs the sender timestamp reactions and edits carry
     */
    public static MessageContent of(SendMessage m, String to, long timestampMs) throws InvalidCommandException {
        io.wabridge.proto.v1.MessageContent c = m.getContent();
        boolean decorated = m.hasQuoted() || m.getMentionsCount() > 0;
        if (decorated && c.getKindCase() != io.wabridge.proto.v1.MessageContent.KindCase.TEXT
                && c.getKindCase() != io.wabridge.proto.v1.MessageContent.KindCase.EXTENDED_TEXT) {
            throw invalid("send_message.quoted and mentions apply to text and extended_text only, not to "
                    + c.getKindCase().name().toLowerCase());
        }
        QuotedMessage quoted = m.hasQuoted() ? quote(m.getQuoted(), to, timestampMs) : null;
        List<String> mentions = m.getMentionsList();
        return switch (c.getKindCase()) {
            case TEXT -> decorated ? new ExtendedText(c.getText(), mentions, quoted, null, 0) : new Text(c.getText());
            case EXTENDED_TEXT -> {
                var e = c.getExtendedText();
                if (!e.getJpegThumbnail().isEmpty()) {
                    throw invalid("send_message.content.extended_text.jpeg_thumbnail is not supported by this bridge"
                            + " version; send the preview without it");
                }
                boolean hasPreview = !e.getMatchedText().isEmpty() || !e.getCanonicalUrl().isEmpty()
                        || !e.getTitle().isEmpty() || !e.getDescription().isEmpty();
                LinkPreview preview = hasPreview ? new LinkPreview(emptyToNull(e.getMatchedText()),
                        emptyToNull(e.getCanonicalUrl()), emptyToNull(e.getTitle()), emptyToNull(e.getDescription()))
                        : null;
                yield new ExtendedText(e.getText(), mentions, quoted, preview, 0);
            }
            case REACTION -> new Reaction(ref(c.getReaction().getTarget(), to), c.getReaction().getEmoji(), timestampMs);
            case EDIT -> new Edit(ref(c.getEdit().getTarget(), to), new Text(c.getEdit().getText()), timestampMs);
            case REVOKE -> new Revoke(ref(c.getRevoke().getTarget(), to));
            case LOCATION -> {
                var l = c.getLocation();
                yield new Location(l.getLatitude(), l.getLongitude(), emptyToNull(l.getName()),
                        emptyToNull(l.getAddress()), emptyToNull(l.getUrl()), null);
            }
            case CONTACT -> new ContactCard(emptyToNull(c.getContact().getDisplayName()), c.getContact().getVcard());
            case POLL -> Poll.create(c.getPoll().getName(), c.getPoll().getOptionsList(),
                    c.getPoll().getSelectableCount());
            default -> throw new InvalidCommandException(ErrorCode.UNKNOWN_COMMAND,
                    "send_message.content: kind " + c.getKindCase() + " is not supported by this bridge version");
        };
    }

    private static MessageRef ref(io.wabridge.proto.v1.MessageRef r, String to) {
        return new MessageRef(r.getChat().isEmpty() ? to : r.getChat(), r.getFromMe(), r.getId(),
                emptyToNull(r.getSender()));
    }

    private static QuotedMessage quote(Quote q, String to, long timestampMs) throws InvalidCommandException {
        MessageContent content = null;
        if (q.hasContent()) {
            // the quoted message's content is shown in the reply bubble; it is plain content, never itself decorated
            content = of(SendMessage.newBuilder().setTo(to).setContent(q.getContent()).build(), to, timestampMs);
        }
        return new QuotedMessage(q.getId(), emptyToNull(q.getSender()), q.getChat().isEmpty() ? to : q.getChat(),
                content);
    }

    private static InvalidCommandException invalid(String message) {
        return new InvalidCommandException(ErrorCode.INVALID_COMMAND, message);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
