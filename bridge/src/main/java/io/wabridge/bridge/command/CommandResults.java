package io.wabridge.bridge.command;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.session.Failures;
import io.wabridge.bridge.session.NotConnectedException;
import io.wabridge.client.message.content.InvalidMessageContentException;
import io.wabridge.client.message.content.TextTooLongException;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.group.GroupSendException;
import io.wabridge.client.send.MessageRejectedException;
import io.wabridge.client.send.MessageSendException;
import io.wabridge.client.send.SendTimeoutException;
import io.wabridge.client.stanza.ConnectionClosedException;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.IqTimeoutException;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import java.util.concurrent.TimeoutException;

/** Building command results, and the error code for a failure. */
public final class CommandResults {

    private static final CommandResult OK = CommandResult.newBuilder().setOk(CommandResult.Ok.getDefaultInstance()).build();

    private CommandResults() {
    }

    public static CommandResult ok() {
        return OK;
    }

    /** Ok with the WhatsApp id of the message a send_message sent. */
    public static CommandResult ok(String messageId) {
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setMessageId(messageId)).build();
    }

    /** Ok with a media descriptor: a media send_message (its message id too) or a download_media. */
    public static CommandResult ok(String messageId, io.wabridge.proto.v1.Media media) {
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setMessageId(messageId)
                .setMedia(media)).build();
    }

    /**
     * Ok of a mark_read: the chat read (the views read it from this), how many message ids the receipt named and when
     * it went out (kept with the result in the command log, so a redelivery's copy names the same time).
     */
    public static CommandResult markedRead(String chat, int messages, java.time.Instant at) {
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setMarkedRead(
                CommandResult.MarkedRead.newBuilder().setChat(chat).setMessageCount(messages)
                        .setReadAt(EventFactory.timestamp(at)))).build();
    }

    public static CommandResult error(ErrorCode code, String message) {
        return error(code.name(), message);
    }

    public static CommandResult error(String code, String message) {
        return CommandResult.newBuilder()
                .setError(CommandResult.Error.newBuilder().setCode(code).setMessage(message == null ? "" : message))
                .build();
    }

    /** The result reporting a failure of the command's execution. */
    public static CommandResult failure(Throwable failure) {
        Throwable t = Failures.unwrap(failure);
        String message = Failures.message(t);
        if (t instanceof io.wabridge.bridge.media.MediaException m) {
            return error(m.code().name(), message);
        }
        if (t instanceof NotConnectedException || t instanceof ConnectionClosedException) {
            return error(ErrorCode.NOT_CONNECTED, message);
        }
        if (t instanceof io.wabridge.bridge.protection.SessionLimitException) {
            return error(ErrorCode.SESSION_LIMIT, message);
        }
        if (t instanceof io.wabridge.client.appstate.AppStateException a) {
            return error(a.kind() == io.wabridge.client.appstate.AppStateException.Kind.MISSING_KEY ? ErrorCode.APP_STATE_NOT_READY
                    : ErrorCode.APP_STATE_REJECTED, message);
        }
        if (t instanceof TextTooLongException) {
            return error(ErrorCode.TEXT_TOO_LONG, message);
        }
        if (t instanceof InvalidMessageContentException) {
            return error(ErrorCode.INVALID_COMMAND, message);
        }
        if (t instanceof SendTimeoutException) {
            return error(ErrorCode.TIMEOUT, message);
        }
        if (t instanceof GroupSendException g) {
            return error(switch (g.reason()) {
                case GROUP_NOT_FOUND -> ErrorCode.GROUP_NOT_FOUND;
                case NOT_A_PARTICIPANT -> ErrorCode.NOT_A_PARTICIPANT;
                case NOT_ADMIN -> ErrorCode.NOT_ADMIN;
            }, message);
        }
        if (t instanceof io.wabridge.client.blocking.BlockingException b) {
            return error(io.wabridge.bridge.blocking.BlockingContract.code(b), message);
        }
        if (t instanceof io.wabridge.client.disappearing.DisappearingException d) {
            return error(io.wabridge.bridge.disappearing.DisappearingContract.code(d), message);
        }
        if (t instanceof io.wabridge.client.status.StatusException st) {
            return error(io.wabridge.bridge.status.StatusContract.code(st), message);
        }
        if (t instanceof io.wabridge.client.call.CallException c) {
            return error(io.wabridge.bridge.call.CallContract.code(c), message);
        }
        if (t instanceof io.wabridge.client.community.CommunityException c) {
            return error(io.wabridge.bridge.community.CommunityContract.code(c), message);
        }
        if (t instanceof GroupAdminException g) {
            return error(switch (g.reason()) {
                case GROUP_NOT_FOUND -> ErrorCode.GROUP_NOT_FOUND;
                case NOT_A_PARTICIPANT -> ErrorCode.NOT_A_PARTICIPANT;
                case NOT_ADMIN -> ErrorCode.NOT_ADMIN;
                case INVALID_INVITE -> ErrorCode.INVALID_INVITE;
                case INVITE_REVOKED -> ErrorCode.INVITE_REVOKED;
                case GROUP_FULL -> ErrorCode.GROUP_FULL;
                case ALREADY_PARTICIPANT -> ErrorCode.ALREADY_PARTICIPANT;
                case CONFLICT, NOT_ACCEPTABLE -> ErrorCode.GROUP_CHANGE_REJECTED;
                case MALFORMED_RESPONSE, REJECTED -> ErrorCode.SERVER_REJECTED;
            }, message);
        }
        if (t instanceof io.wabridge.client.profile.ProfileException p) {
            return error(switch (p.reason()) {
                case PROFILE_NOT_FOUND -> ErrorCode.PROFILE_NOT_FOUND;
                case PICTURE_NOT_SET -> ErrorCode.PICTURE_NOT_SET;
                case NOT_AUTHORIZED -> ErrorCode.PROFILE_NOT_AUTHORIZED;
                case NOT_A_BUSINESS -> ErrorCode.NOT_A_BUSINESS;
                case INVALID_IMAGE -> ErrorCode.INVALID_IMAGE;
                case MALFORMED_RESPONSE, REJECTED -> ErrorCode.SERVER_REJECTED;
            }, message);
        }
        if (t instanceof io.wabridge.client.newsletter.NewsletterException n) {
            return error(switch (n.reason()) {
                case NEWSLETTER_NOT_FOUND -> ErrorCode.NEWSLETTER_NOT_FOUND;
                case NOT_FOLLOWING -> ErrorCode.NOT_FOLLOWING;
                case NOT_NEWSLETTER_ADMIN -> ErrorCode.NOT_NEWSLETTER_ADMIN;
                case MALFORMED_RESPONSE, REJECTED -> ErrorCode.SERVER_REJECTED;
            }, message);
        }
        if (t instanceof MessageSendException) {
            // A wrapped transport failure says more than the wrapper: a closed connection or an unanswered IQ.
            Throwable cause = t.getCause();
            if (cause instanceof ConnectionClosedException || message.contains("connection closed")) {
                return error(ErrorCode.NOT_CONNECTED, message);
            }
            if (cause instanceof IqTimeoutException || cause instanceof TimeoutException) {
                return error(ErrorCode.TIMEOUT, message);
            }
            return error(cause == null || cause instanceof IqErrorException || t instanceof MessageRejectedException
                    ? ErrorCode.SERVER_REJECTED : ErrorCode.INTERNAL, message);
        }
        if (t instanceof IllegalStateException && message.startsWith("not connected")) { // closed meanwhile
            return error(ErrorCode.NOT_CONNECTED, message);
        }
        if (t instanceof IqTimeoutException || t instanceof TimeoutException) {
            return error(ErrorCode.TIMEOUT, t instanceof TimeoutException ? "WhatsApp did not answer in time" : message);
        }
        if (t instanceof IqErrorException) {
            return error(ErrorCode.SERVER_REJECTED, message);
        }
        return error(ErrorCode.INTERNAL, t.getClass().getSimpleName() + ": " + message);
    }

    /** The error code of a result, or null if it is ok. */
    public static String codeOf(CommandResult result) {
        return result.hasError() ? result.getError().getCode() : null;
    }
}
