package io.wabridge.bridge.status;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.status.StatusException;
import io.wabridge.client.status.StatusPost;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.StatusEvent;
import io.wabridge.proto.v1.StatusStyle;
import java.util.function.Function;

/**
 * The status event and error codes: a received status becomes a {@code status} event whose {@code message} is the
 * post written as a message event would be (chat {@code status@broadcast}, sender the author), plus its style.
 */
public final class StatusContract {

    private StatusContract() {
    }

    /**
     * The event for a received status.
     *
     * @param asMessage how the bridge writes a message event (the one mapping of content and senders)
     */
    public static StatusEvent event(StatusPost post, Function<ClientEvent.MessageReceived, MessageEvent> asMessage) {
        StatusEvent.Builder b = StatusEvent.newBuilder().setMessage(asMessage.apply(new ClientEvent.MessageReceived(
                post.id(), Jid.STATUS_BROADCAST, post.author(), post.authorPn(), post.authorLid(), post.pushName(),
                post.timestamp(), post.content(), post.message(), post.fromMe())));
        if (post.style() != null) {
            b.setStyle(style(post.style()));
        }
        return b.build();
    }

    static StatusStyle style(StatusPost.Style style) {
        StatusStyle.Builder s = StatusStyle.newBuilder();
        if (style.textArgb() != null) {
            s.setTextArgb(style.textArgb());
        }
        if (style.backgroundArgb() != null) {
            s.setBackgroundArgb(style.backgroundArgb());
        }
        if (style.font() != null) {
            s.setFont(style.font());
        }
        return s.build();
    }

    /** The error code of a status request the client refused. */
    public static ErrorCode code(StatusException e) {
        return switch (e.reason()) {
            case EMPTY_AUDIENCE -> ErrorCode.STATUS_EMPTY_AUDIENCE;
            case INVALID_AUDIENCE -> ErrorCode.STATUS_INVALID_AUDIENCE;
            case AUDIENCE_TOO_LARGE -> ErrorCode.STATUS_AUDIENCE_TOO_LARGE;
            case UNSUPPORTED_CONTENT -> ErrorCode.STATUS_UNSUPPORTED_CONTENT;
            case INVALID_SEEN -> ErrorCode.INVALID_COMMAND;
        };
    }
}
