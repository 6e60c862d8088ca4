package io.wabridge.bridge.command;

import io.wabridge.bridge.session.NotConnectedException;
import io.wabridge.client.stanza.ConnectionClosedException;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.IqTimeoutException;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Building command results, and the error code for a failure. */
public final class CommandResults {

    /**
     * Code for a valid command this bridge version cannot execute yet (messaging commands until the Signal core
     * lands). Not in the contract's ErrorCode enum, which consumers are told to read as a generic failure.
     */
    public static final String NOT_IMPLEMENTED = "NOT_IMPLEMENTED";

    private static final CommandResult OK = CommandResult.newBuilder().setOk(CommandResult.Ok.getDefaultInstance()).build();

    private CommandResults() {
    }

    public static CommandResult ok() {
        return OK;
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
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        if (t instanceof NotConnectedException || t instanceof ConnectionClosedException) {
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
