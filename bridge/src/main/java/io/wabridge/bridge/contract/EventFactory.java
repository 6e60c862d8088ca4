package io.wabridge.bridge.contract;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
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
     * The command_result error event for a rejected command, for the session the rejection names (the record key
     * when valid, see {@link CommandDecoder}), or {@link SessionIds#NO_SESSION} when it names no valid session.
     */
    public EventEnvelope rejected(InvalidCommandException e) {
        String session = e.sessionId() != null ? e.sessionId() : SessionIds.NO_SESSION;
        EventEnvelope.Builder b = envelope(session).setCommandResult(e.toCommandResult());
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
        // A server time outside protobuf's Timestamp range (0001-01-01 .. 9999-12-31, e.g. an odd stanza "t") is
        // clamped to it: an invalid Timestamp makes every reader that converts it throw (the views among them).
        long seconds = Math.clamp(t.getEpochSecond(), Timestamps.MIN_VALUE.getSeconds(),
                Timestamps.MAX_VALUE.getSeconds());
        int nanos = seconds == t.getEpochSecond() ? t.getNano() : 0;
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }
}
