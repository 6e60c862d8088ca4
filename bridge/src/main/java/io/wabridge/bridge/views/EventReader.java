package io.wabridge.bridge.views;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.contract.Printable;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Reads an event record's value in the format its {@code content-type} header names (protobuf binary by default,
 * protobuf's JSON mapping for {@code application/json}), as a consumer of the contract would.
 */
public final class EventReader {

    /** Events from a newer bridge may have fields this one does not know: they are ignored. */
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    /** Why a record is not an event this topology can use; the code and text go to the views DLQ headers. */
    public static final class Unreadable extends Exception {
        final ErrorCode code;

        Unreadable(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private EventReader() {
    }

    public static EventEnvelope read(byte[] value, Headers headers) throws Unreadable {
        WireFormat format;
        try {
            format = WireFormat.of(headers);
        } catch (InvalidCommandException e) {
            throw new Unreadable(e.code(), e.getMessage());
        }
        EventEnvelope event;
        if (format == WireFormat.PROTOBUF) {
            try {
                event = EventEnvelope.parseFrom(value);
            } catch (InvalidProtocolBufferException e) {
                throw new Unreadable(ErrorCode.INVALID_RECORD,
                        "the value is not a protobuf wabridge.v1.EventEnvelope: " + e.getMessage());
            }
        } else {
            EventEnvelope.Builder b = EventEnvelope.newBuilder();
            try {
                JSON.merge(new String(value, StandardCharsets.UTF_8), b);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new Unreadable(ErrorCode.INVALID_RECORD,
                        "the value is not a JSON wabridge.v1.EventEnvelope: " + Printable.detail(e));
            }
            event = b.build();
        }
        if (event.getEventCase() == EventEnvelope.EventCase.EVENT_NOT_SET) {
            throw new Unreadable(ErrorCode.INVALID_RECORD, "the event envelope has no event (or one newer than this"
                    + " bridge)");
        }
        if (!event.hasOccurredAt()) {
            throw new Unreadable(ErrorCode.INVALID_RECORD, "the event has no occurred_at");
        }
        if (!Timestamps.isValid(event.getOccurredAt())) { // every rule compares it: it would fail the stream thread
            throw new Unreadable(ErrorCode.INVALID_RECORD, "the event's occurred_at is out of range ("
                    + event.getOccurredAt().getSeconds() + " s, " + event.getOccurredAt().getNanos() + " ns)");
        }
        return event;
    }
}
