package io.wabridge.bridge.views;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.SessionStatus;

/**
 * How one event changes a session's status. Every field group keeps the time of the event that set it and only a
 * newer (or equally old) event replaces it, so events arriving out of order (a worker hand-over, a producer retry)
 * and duplicates leave the same status as events in order. Message counters are not here: they need the
 * processor's memory of message ids ({@link #countMessage}).
 */
final class SessionRules {

    private SessionRules() {
    }

    /** The status after {@code event}; {@code previous} is null for a session not seen yet. */
    static SessionStatus apply(SessionStatus previous, EventEnvelope event, String worker) {
        SessionStatus.Builder s = previous == null
                ? SessionStatus.newBuilder().setSessionId(event.getSessionId())
                : previous.toBuilder();
        Timestamp at = event.getOccurredAt();
        if (!s.hasUpdatedAt() || notOlder(at, s.getUpdatedAt())) {
            s.setUpdatedAt(at).setLastEventId(event.getEventId());
            if (event.hasMe() && !event.getMe().getPn().isEmpty()) {
                s.setMe(event.getMe());
            }
            if (worker != null && !worker.isEmpty()) {
                s.setWorker(worker);
            }
        }
        switch (event.getEventCase()) {
            case CONNECTION_UPDATE -> connection(s, event.getConnectionUpdate(), at);
            case PAIRED -> {
                if (!s.hasPairedAt() || notOlder(at, s.getPairedAt())) {
                    s.setPairedAt(at);
                    if (event.getPaired().hasMe()) {
                        s.setMe(event.getPaired().getMe());
                    }
                }
                if (!s.hasLoggedOutAt() || notOlder(at, s.getLoggedOutAt())) {
                    s.setLoggedOut(false).clearLoggedOutReason();
                }
                if (s.getState() == SessionStatus.State.LOGGED_OUT && newState(s, at)) {
                    s.setState(SessionStatus.State.CONNECTING).setStateSince(at);
                }
            }
            case LOGGED_OUT -> {
                String reason = event.getLoggedOut().getReason();
                if (!s.hasLoggedOutAt() || notOlder(at, s.getLoggedOutAt())) {
                    s.setLoggedOutAt(at);
                    if (!s.hasPairedAt() || notOlder(at, s.getPairedAt())) {
                        s.setLoggedOut(true).setLoggedOutReason(reason);
                    }
                }
                if (newState(s, at)) {
                    s.setState(SessionStatus.State.LOGGED_OUT).setStateSince(at);
                }
                closed(s, at, "logged out" + (reason.isEmpty() ? "" : ": " + reason));
            }
            default -> {
            }
        }
        return s.build();
    }

    /** The status with one more distinct message in or out. */
    static SessionStatus countMessage(SessionStatus status, boolean fromMe) {
        return fromMe
                ? status.toBuilder().setMessagesOut(status.getMessagesOut() + 1).build()
                : status.toBuilder().setMessagesIn(status.getMessagesIn() + 1).build();
    }

    private static void connection(SessionStatus.Builder s, ConnectionUpdate update, Timestamp at) {
        SessionStatus.State state = switch (update.getState()) {
            case CONNECTING -> SessionStatus.State.CONNECTING;
            case OPEN -> SessionStatus.State.OPEN;
            case CLOSED -> SessionStatus.State.CLOSED;
            default -> SessionStatus.State.STATE_UNSPECIFIED;
        };
        if (state == SessionStatus.State.OPEN && (!s.hasLastOpenAt() || notOlder(at, s.getLastOpenAt()))) {
            s.setLastOpenAt(at);
        }
        if (state == SessionStatus.State.CLOSED) {
            closed(s, at, update.getReason());
        }
        // A logged-out session's connection closing says nothing new: it stays LOGGED_OUT until it connects again.
        boolean keepLoggedOut = state == SessionStatus.State.CLOSED && s.getLoggedOut()
                && s.getState() == SessionStatus.State.LOGGED_OUT;
        if (state != SessionStatus.State.STATE_UNSPECIFIED && !keepLoggedOut && newState(s, at)) {
            s.setState(state).setStateSince(at);
        }
    }

    private static void closed(SessionStatus.Builder s, Timestamp at, String reason) {
        if (!s.hasLastCloseAt() || notOlder(at, s.getLastCloseAt())) {
            s.setLastCloseAt(at).setLastCloseReason(reason);
        }
    }

    private static boolean newState(SessionStatus.Builder s, Timestamp at) {
        return !s.hasStateSince() || notOlder(at, s.getStateSince());
    }

    /** True if {@code at} is not older than {@code than}: the later of two equal times wins, so duplicates agree. */
    static boolean notOlder(Timestamp at, Timestamp than) {
        return Timestamps.compare(at, than) >= 0;
    }
}
