package io.wabridge.bridge.contract;

import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MessageContent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The status commands' rules (status.proto): an audience of 1 to {@link #MAX_AUDIENCE} users as canonical user JIDs
 * (STATUS_EMPTY_AUDIENCE, STATUS_INVALID_AUDIENCE, STATUS_AUDIENCE_TOO_LARGE), text or image/video/gif/audio/voice
 * content (STATUS_UNSUPPORTED_CONTENT), a font in WhatsApp's range; mark_status_seen's author and ids. Part of
 * {@link CommandValidator}.
 */
final class StatusValidation {
    /** Distinct users one status may name (the client's limit). */
    static final int MAX_AUDIENCE = io.wabridge.client.status.Statuses.MAX_AUDIENCE;

    private StatusValidation() {
    }

    /** Checks {@code c}; canonical JIDs are written through {@code builder}. */
    static void check(CommandEnvelope c, Supplier<CommandEnvelope.Builder> builder) throws InvalidCommandException {
        if (c.getCommandCase() == CommandEnvelope.CommandCase.MARK_STATUS_SEEN) {
            var seen = c.getMarkStatusSeen();
            if (seen.getAuthor().isEmpty()) {
                throw invalid(ErrorCode.INVALID_COMMAND, "mark_status_seen.author is required");
            }
            String author = JidArguments.canonical(seen.getAuthor(), "mark_status_seen.author", JidArguments.Kind.USER);
            if (author != seen.getAuthor()) {
                builder.get().getMarkStatusSeenBuilder().setAuthor(author);
            }
            if (seen.getMessageIdsCount() == 0 || seen.getMessageIdsList().stream().anyMatch(String::isBlank)) {
                throw invalid(ErrorCode.INVALID_COMMAND, "mark_status_seen.message_ids: name at least one status id,"
                        + " none empty");
            }
            return;
        }
        var s = c.getSendStatus();
        List<String> audience = s.getAudienceList();
        if (audience.isEmpty()) {
            throw invalid(ErrorCode.STATUS_EMPTY_AUDIENCE, "send_status.audience is empty; name at least one user");
        }
        Set<String> users = new LinkedHashSet<>();
        boolean rewritten = false;
        for (int i = 0; i < audience.size(); i++) {
            String field = "send_status.audience[" + i + "]";
            String jid;
            try {
                if (audience.get(i).isEmpty()) {
                    throw new InvalidCommandException(ErrorCode.INVALID_JID, field + " is empty");
                }
                jid = JidArguments.canonical(audience.get(i), field, JidArguments.Kind.USER);
            } catch (InvalidCommandException e) {
                throw invalid(ErrorCode.STATUS_INVALID_AUDIENCE, e.getMessage());
            }
            rewritten |= jid != audience.get(i) || !users.add(jid);
            users.add(jid);
        }
        if (users.size() > MAX_AUDIENCE) {
            throw invalid(ErrorCode.STATUS_AUDIENCE_TOO_LARGE, "send_status.audience names " + users.size()
                    + " distinct users; at most " + MAX_AUDIENCE);
        }
        if (rewritten) {
            builder.get().getSendStatusBuilder().clearAudience().addAllAudience(users);
        }
        MessageContent content = s.getContent();
        switch (content.getKindCase()) {
            case TEXT -> {
                if (content.getText().isBlank()) {
                    throw invalid(ErrorCode.INVALID_COMMAND, "send_status.content.text is empty");
                }
                if (content.getText().length() > CommandValidator.MAX_TEXT_LENGTH) {
                    throw invalid(ErrorCode.TEXT_TOO_LONG, "send_status.content.text is " + content.getText().length()
                            + " UTF-16 code units long; WhatsApp's limit is " + CommandValidator.MAX_TEXT_LENGTH);
                }
            }
            case MEDIA -> {
                switch (content.getMedia().getKind()) {
                    case MEDIA_KIND_IMAGE, MEDIA_KIND_VIDEO, MEDIA_KIND_GIF, MEDIA_KIND_AUDIO, MEDIA_KIND_PTT ->
                            MediaContract.validate(content.getMedia(), "send_status.content.media");
                    default -> throw invalid(ErrorCode.STATUS_UNSUPPORTED_CONTENT, "send_status.content.media.kind "
                            + content.getMedia().getKind() + ": a status carries an image, video, gif, audio or voice"
                            + " note");
                }
            }
            case KIND_NOT_SET -> throw invalid(ErrorCode.INVALID_COMMAND, "send_status.content is required: text or"
                    + " media");
            default -> throw invalid(ErrorCode.STATUS_UNSUPPORTED_CONTENT, "send_status.content."
                    + content.getKindCase().name().toLowerCase() + ": a status carries text or media");
        }
        if (s.getStyle().hasFont() && s.getStyle().getFont() > io.wabridge.client.status.TextStatus.MAX_FONT) {
            throw invalid(ErrorCode.INVALID_COMMAND, "send_status.style.font " + s.getStyle().getFont()
                    + " is not 0.." + io.wabridge.client.status.TextStatus.MAX_FONT);
        }
    }

    private static InvalidCommandException invalid(ErrorCode code, String message) {
        return new InvalidCommandException(code, message);
    }
}
