package io.wabridge.bridge.contract;

import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;

/**
 * A command record the bridge will not execute, with the contract's {@link ErrorCode} and a message naming what was
 * wrong. Carries what could be read of the record (session and command id, either may be null) so the caller can
 * publish a {@link CommandResult} error for it next to the DLQ record.
 *
 * <p>Stackless: a producer flooding bad records makes this the consumer's hot path, and the stack would only ever
 * point into the decoder.
 */
public final class InvalidCommandException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String sessionId;
    private final String commandId;

    public InvalidCommandException(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    /** A record the decoder failed on unexpectedly (a bug, not the producer's fault): the cause is kept for logs. */
    InvalidCommandException(ErrorCode code, String message, Throwable bug) {
        this(code, message, bug, null, null);
    }

    private InvalidCommandException(ErrorCode code, String message, Throwable cause, String sessionId,
                                    String commandId) {
        super(message, cause, false, false);
        this.code = code;
        this.sessionId = sessionId;
        this.commandId = commandId;
    }

    /** The same failure, with the record's session and command id (null when unknown or not yet read). */
    InvalidCommandException in(String session, String command) {
        return new InvalidCommandException(code, getMessage(), getCause(), empty(session), empty(command));
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * The session this rejection is reported to: the record key when it is a valid session id, else a valid
     * {@code session_id} from the body, else null (the record names no valid session; see
     * {@link SessionIds#NO_SESSION}).
     */
    public String sessionId() {
        return sessionId;
    }

    /** The record's command_id, or null when the record could not be read or had none. */
    public String commandId() {
        return commandId;
    }

    /** The error as the contract reports it in a command_result event. */
    public CommandResult toCommandResult() {
        return CommandResult.newBuilder()
                .setError(CommandResult.Error.newBuilder().setCode(code.name()).setMessage(getMessage()))
                .build();
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
