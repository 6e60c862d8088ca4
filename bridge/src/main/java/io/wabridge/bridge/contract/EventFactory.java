package io.wabridge.bridge.contract;

import com.google.protobuf.Timestamp;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Instant;
import java.time.InstantSource;

/** Starts event envelopes with what every event carries: a fresh ULID, the session and the time. Thread-safe. */
public final class EventFactory {

    private final UlidGenerator ids;
    private final InstantSource clock;

    public EventFactory(UlidGenerator ids, InstantSource clock) {
        this.ids = ids;
        this.clock = clock;
    }

    /** An envelope for the session with event_id and occurred_at set; the caller sets me, causation and event. */
    public EventEnvelope.Builder envelope(String sessionId) {
        return EventEnvelope.newBuilder()
                .setEventId(ids.next())
                .setSessionId(sessionId)
                .setOccurredAt(timestamp(clock.instant()));
    }

    /**
     * The command_result error event for a rejected command, or null when the record named no valid session (there
     * is no session to report to; the DLQ record is all there is).
     */
    public EventEnvelope rejected(InvalidCommandException e) {
        if (e.sessionId() == null) {
            return null;
        }
        EventEnvelope.Builder b = envelope(e.sessionId()).setCommandResult(e.toCommandResult());
        if (e.commandId() != null) {
            b.setCausationId(e.commandId());
        }
        return b.build();
    }

    /** A command_result event for a command that succeeded; messageId may be empty. */
    public EventEnvelope ok(String sessionId, String commandId, String messageId) {
        return envelope(sessionId)
                .setCausationId(commandId)
                .setCommandResult(CommandResult.newBuilder()
                        .setOk(CommandResult.Ok.newBuilder().setMessageId(messageId)))
                .build();
    }

    public static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
