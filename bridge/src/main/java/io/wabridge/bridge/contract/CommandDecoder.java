package io.wabridge.bridge.contract;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a command record (key, value, headers) into a valid {@link CommandEnvelope}, or an
 * {@link InvalidCommandException} with the contract's error code. Stateless and thread-safe.
 *
 * <p>Rules, in the order they are checked:
 * <ol>
 * <li>Format: header {@code content-type} {@code application/x-protobuf} or {@code application/protobuf} (or no
 * header) is protobuf binary, {@code application/json} the protobuf JSON mapping; any other is
 * {@code UNSUPPORTED_CONTENT_TYPE}. A null or empty value, or one that does not parse, is {@code INVALID_RECORD}.
 * <li>Unknown fields: protobuf keeps them in the decoded envelope, so they survive re-encoding. JSON accepts and
 * ignores them: protobuf's JSON parser has nowhere to keep them, so they are not in the decoded envelope; the record
 * itself is never altered, and a DLQ record carries the original bytes. A command (or content kind, pairing method,
 * enum value) this bridge does not know is {@code UNKNOWN_COMMAND}, and the message names the unknown field.
 * <li>Session: the record key is the session id. {@code session_id} may be empty (it is then taken from the key);
 * when set, the key must equal it ({@code SESSION_ID_MISMATCH}, also when the key is missing) because the key
 * decides which worker owns the session. Neither set is {@code MISSING_SESSION_ID}; a malformed one
 * {@code INVALID_SESSION_ID}.
 * <li>The command's own fields: see {@link CommandValidator} ({@code INVALID_COMMAND}, {@code INVALID_JID},
 * {@code TEXT_TOO_LONG}). JID arguments come back canonical; a bare phone number becomes a
 * {@code @s.whatsapp.net} JID.
 * </ol>
 *
 * <p>A rejection names the session its error event is reported to ({@link InvalidCommandException#sessionId()}),
 * whatever the code: the record key when it is a valid session id (that is what the producer keyed, hence
 * watches); else, when the key is missing or invalid, {@code session_id} from a readable body when that is valid;
 * else none, and the event goes to {@link SessionIds#NO_SESSION}. A {@code session_id} that differs from a valid
 * key never receives the error: that session did nothing.
 */
public final class CommandDecoder {

    /** Built once: JsonFormat parsers are immutable and costly to build. */
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Parser STRICT_JSON = JsonFormat.parser();

    /**
     * Decodes a consumed record. A command without command_id gets {@code <topic>-<partition>@<offset>}, which is
     * stable across re-deliveries of the same record; a rejected one carries that id too when it had none.
     */
    public CommandEnvelope decode(ConsumerRecord<byte[], byte[]> record) throws InvalidCommandException {
        CommandEnvelope envelope;
        try {
            envelope = decode(record.key(), record.value(), record.headers());
        } catch (InvalidCommandException e) {
            throw e.commandId() != null ? e : e.in(e.sessionId(), coordinates(record));
        } catch (RuntimeException e) { // a decoder bug: the record is still rejected and reported like any other
            throw new InvalidCommandException(ErrorCode.INVALID_RECORD, "unreadable record: " + e, e)
                    .in(SessionIds.ofKey(record.key()), coordinates(record));
        }
        return envelope.getCommandId().isEmpty()
                ? envelope.toBuilder().setCommandId(coordinates(record)).build()
                : envelope;
    }

    /** Decodes a record from its parts; command_id stays as the producer wrote it. */
    public CommandEnvelope decode(byte[] key, byte[] value, Headers headers) throws InvalidCommandException {
        WireFormat format;
        CommandEnvelope parsed;
        try {
            format = WireFormat.of(headers);
            parsed = parse(value, format);
        } catch (InvalidCommandException e) {
            throw e.in(SessionIds.ofKey(key), null);
        }
        String session = session(key, parsed);
        try {
            CommandEnvelope valid = CommandValidator.validate(parsed);
            return session == parsed.getSessionId() ? valid : valid.toBuilder().setSessionId(session).build();
        } catch (InvalidCommandException e) {
            InvalidCommandException detailed = format == WireFormat.JSON ? withJsonDetail(e, value) : e;
            throw detailed.in(session, parsed.getCommandId());
        }
    }

    private static CommandEnvelope parse(byte[] value, WireFormat format) throws InvalidCommandException {
        if (value == null || value.length == 0) {
            throw new InvalidCommandException(ErrorCode.INVALID_RECORD, "the record has no value");
        }
        if (format == WireFormat.PROTOBUF) {
            try {
                return CommandEnvelope.parseFrom(value);
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidCommandException(ErrorCode.INVALID_RECORD, "the value is not a protobuf"
                        + " wabridge.v1.CommandEnvelope: " + e.getMessage() + jsonHint(value));
            }
        }
        CommandEnvelope.Builder builder = CommandEnvelope.newBuilder();
        try {
            JSON.merge(new String(value, StandardCharsets.UTF_8), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) { // JsonFormat wraps most, not all, failures
            throw new InvalidCommandException(ErrorCode.INVALID_RECORD, "the value is not a JSON"
                    + " wabridge.v1.CommandEnvelope: " + Printable.detail(e));
        }
        return builder.build();
    }

    /**
     * The session id: session_id, or the key when session_id is empty; the two must agree. A rejection names the
     * valid key, else the valid session_id, as the session to report to.
     */
    private static String session(byte[] key, CommandEnvelope parsed) throws InvalidCommandException {
        String id = parsed.getSessionId();
        boolean hasKey = key != null && key.length > 0;
        if (id.isEmpty()) {
            if (!hasKey) {
                throw new InvalidCommandException(ErrorCode.MISSING_SESSION_ID, "the record has no key and"
                        + " session_id is empty; key the record by the session id").in(null, parsed.getCommandId());
            }
            String problem = SessionIds.problem(key);
            if (problem != null) {
                throw new InvalidCommandException(ErrorCode.INVALID_SESSION_ID, "the record key \""
                        + Printable.bytes(key) + "\" " + problem).in(null, parsed.getCommandId());
            }
            return new String(key, StandardCharsets.US_ASCII);
        }
        try {
            SessionIds.check(id, "session_id");
        } catch (InvalidCommandException e) {
            throw e.in(SessionIds.ofKey(key), parsed.getCommandId());
        }
        if (!hasKey) {
            throw new InvalidCommandException(ErrorCode.SESSION_ID_MISMATCH, "the record has no key; key it by its"
                    + " session_id \"" + id + "\" so it reaches the worker that owns the session")
                    .in(id, parsed.getCommandId());
        }
        if (!SessionIds.sameAsKey(id, key)) {
            throw new InvalidCommandException(ErrorCode.SESSION_ID_MISMATCH, "the record key \"" + Printable.bytes(key)
                    + "\" differs from session_id \"" + id + "\"; the key must be the session id (it decides which"
                    + " worker owns the session)").in(reportedTo(key, id), parsed.getCommandId());
        }
        return id;
    }

    /** A rejected record's session to report to: the key when it is a valid session id, else the valid body's. */
    private static String reportedTo(byte[] key, String validSessionId) {
        String keyed = SessionIds.ofKey(key);
        return keyed != null ? keyed : validSessionId;
    }

    /**
     * The lenient JSON parse dropped unknown fields; when validation then fails, a strict parse names the first one,
     * which is usually the reason (a command or value from a newer contract). Only runs on this failure path.
     */
    private static InvalidCommandException withJsonDetail(InvalidCommandException e, byte[] value) {
        if (e.code() != ErrorCode.UNKNOWN_COMMAND && e.code() != ErrorCode.INVALID_COMMAND) {
            return e;
        }
        try {
            STRICT_JSON.merge(new String(value, StandardCharsets.UTF_8), CommandEnvelope.newBuilder());
            return e;
        } catch (InvalidProtocolBufferException | RuntimeException strict) {
            return new InvalidCommandException(e.code(), e.getMessage() + " (the JSON has something this bridge"
                    + " version does not know: " + Printable.detail(strict) + ")");
        }
    }

    private static String jsonHint(byte[] value) {
        int i = 0;
        while (i < value.length && (value[i] == ' ' || value[i] == '\n' || value[i] == '\r' || value[i] == '\t')) {
            i++;
        }
        return i < value.length && value[i] == '{'
                ? "; the value looks like JSON: add the header content-type=application/json" : "";
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
