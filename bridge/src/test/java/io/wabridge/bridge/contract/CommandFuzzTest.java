package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.client.fuzz.Fuzzer;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the command boundary: whatever a producer writes (protobuf or JSON value, any key), the decoder returns a
 * valid command or rejects the record with one of the contract's record-rejection codes ({@code INVALID_RECORD} ..
 * {@code TEXT_TOO_LONG}), which sends it to the DLQ with an error event. A rejection must name a valid session or none
 * (its event then goes to {@code wabridge:no-session}), never come from a decoder bug (the catch-all "unreadable
 * record" would hide one), and a decoded command must be canonical already (validating it again changes nothing).
 * Corpora: {@code fuzz/command-json/} (the README's examples and every command kind), protobuf seeds are the same
 * commands in binary.
 */
class CommandFuzzTest {

    /** The codes a record can be rejected with (the rest are for valid commands that failed). */
    private static final Set<ErrorCode> REJECTIONS = EnumSet.of(ErrorCode.INVALID_RECORD,
            ErrorCode.UNSUPPORTED_CONTENT_TYPE, ErrorCode.MISSING_SESSION_ID, ErrorCode.INVALID_SESSION_ID,
            ErrorCode.SESSION_ID_MISMATCH, ErrorCode.UNKNOWN_COMMAND, ErrorCode.INVALID_COMMAND, ErrorCode.INVALID_JID,
            ErrorCode.TEXT_TOO_LONG);

    private final CommandDecoder decoder = new CommandDecoder();

    @Test
    void jsonCommandsDecodeOrAreRejectedWithARecordCode() {
        Fuzzer.Report report = Fuzzer.target("command-json", input ->
                        check(Records.record("acme", input, "content-type", "application/json")))
                .allow(InvalidCommandException.class, CommandFuzzTest::documented)
                .label(InvalidCommandException.class, e -> "rejected:" + e.code())
                .token("\"sendMessage\"").token("\"content\"").token("\"text\"").token("\"to\"").token("{").token("}")
                .token("[").token("]").token("\"sessionId\":\"acme\",").token("null").token("\"\\u0000\"").token(":")
                .token(",").token("\"commandId\"").token("1e999").token("-0").token("\"+15550001111\"")
                .iterations(15_000)
                .run();
        assertTrue(report.corpusFiles() >= 10, report.toString());
        assertTrue(report.countStartingWith("ok:") > 500, report.toString());
        for (ErrorCode code : List.of(ErrorCode.INVALID_RECORD, ErrorCode.UNKNOWN_COMMAND, ErrorCode.INVALID_COMMAND,
                ErrorCode.INVALID_JID, ErrorCode.INVALID_SESSION_ID)) {
            assertTrue(report.count("rejected:" + code) > 0, code + " never reached: " + report);
        }
        assertTrue(report.countStartingWith("rejected:") > 1_000, report.toString());
    }

    @Test
    void protobufCommandsDecodeOrAreRejectedWithARecordCode() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] json : Fuzzer.loadCorpus("command-json")) { // the JSON corpus in binary (what parses of it)
            CommandEnvelope.Builder b = CommandEnvelope.newBuilder();
            try {
                JsonFormat.parser().ignoringUnknownFields().merge(new String(json, StandardCharsets.UTF_8), b);
                seeds.add(b.build().toByteArray());
            } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException notJson) {
                // a saved input that reached a rejection: not a command to convert
            }
        }
        Fuzzer.Report report = Fuzzer.target("command-protobuf", input -> check(Records.record("acme", input)))
                .allow(InvalidCommandException.class, CommandFuzzTest::documented)
                .label(InvalidCommandException.class, e -> "rejected:" + e.code())
                .seeds(seeds)
                .iterations(20_000)
                .run();
        assertTrue(report.countStartingWith("ok:") > 500, report.toString());
        assertTrue(report.countStartingWith("rejected:") > 1_000, report.toString());
    }

    @Test
    void anyKeyAndContentTypeIsAcceptedOrRejectedWithARecordCode() {
        byte[] logout = "{\"commandId\":\"c\",\"logout\":{}}".getBytes(StandardCharsets.UTF_8);
        Fuzzer.Report report = Fuzzer.target("command-key", input -> {
            // first byte: content type; the rest: the key
            String contentType = switch (input.length == 0 ? 0 : input[0] & 3) {
                case 0 -> "application/json";
                case 1 -> "application/JSON; charset=utf-8";
                case 2 -> new String(input, StandardCharsets.ISO_8859_1);
                default -> "";
            };
            byte[] key = input.length <= 1 ? null : java.util.Arrays.copyOfRange(input, 1, input.length);
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("content-type", contentType.getBytes(StandardCharsets.ISO_8859_1));
            return check(new ConsumerRecord<>(Records.TOPIC, 3, 42L, 1L,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME, -1, logout.length, key, logout, headers,
                    java.util.Optional.empty()));
        })
                .allow(InvalidCommandException.class, CommandFuzzTest::documented)
                .label(InvalidCommandException.class, e -> "rejected:" + e.code())
                .seed("\u0000acme".getBytes(StandardCharsets.UTF_8))
                .seed("\u0000wabridge:no-session".getBytes(StandardCharsets.UTF_8))
                .seed(("\u0000" + "a".repeat(128)).getBytes(StandardCharsets.UTF_8))
                .iterations(5_000)
                .run();
        assertTrue(report.countStartingWith("ok:") > 200, report.toString());
    }

    @Test
    void deeplyNestedJsonIsRejectedNotAStackOverflow() {
        for (int depth : new int[] {200, 5_000, 100_000}) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            String json = "{\"commandId\":\"c\",\"logout\":{},\"unknownField\":" + nested + "}";
            String inMessage = "{\"commandId\":\"c\",\"sendMessage\":{\"to\":\"1555\",\"content\":"
                    + "{\"text\":\"x\"},\"future\":" + nested + "}}";
            for (String value : List.of(json, inMessage)) {
                try {
                    check(Records.json("acme", value));
                } catch (InvalidCommandException e) {
                    assertTrue(documented(e), e.toString());
                } catch (Throwable t) {
                    throw new AssertionError("depth " + depth + " escaped with " + t, t);
                }
            }
        }
    }

    private static boolean documented(InvalidCommandException e) {
        if (!REJECTIONS.contains(e.code())) {
            return false;
        }
        if (e.getMessage() == null || e.getMessage().startsWith("unreadable record")) {
            return false; // the decoder's catch-all for its own bugs: a finding, not an outcome
        }
        return e.sessionId() == null || SessionIds.problem(e.sessionId()) == null;
    }

    private String check(ConsumerRecord<byte[], byte[]> record) throws InvalidCommandException {
        CommandEnvelope decoded = decoder.decode(record);
        if (SessionIds.problem(decoded.getSessionId()) != null || decoded.getCommandId().isEmpty()) {
            throw new AssertionError("decoded a command without a valid session or command id: " + decoded);
        }
        assertEquals(decoded, CommandValidator.validate(decoded), "validation is not idempotent");
        return "ok:" + decoded.getCommandCase();
    }
}
