package io.wabridge.client.call;

/** A call command that cannot be done on the call as it stands: {@link #reason()} says why. */
public final class CallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** This client saw no offer with that id (never, or before its memory of recent calls). */
        CALL_NOT_FOUND,
        /** The call is over: it timed out, the caller hung up, or it was rejected already (here or elsewhere). */
        CALL_ALREADY_ENDED,
        /** The call was accepted on another device of the account: it can no longer be rejected. */
        CALL_ANSWERED
    }

    private final transient Reason reason;
    private final String callId;

    public CallException(Reason reason, String callId, String message) {
        super(message);
        this.reason = reason;
        this.callId = callId;
    }

    public Reason reason() {
        return reason;
    }

    public String callId() {
        return callId;
    }
}
