package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.session.AppStateEvents;
import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.appstate.Mutation;
import io.wabridge.proto.v1.ChatUpdate;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.SyncActionValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON examples of the README's "App state in the contract" section: each appears there verbatim, the commands
 * pass validation (JIDs made canonical), and the chat_update example is what the bridge writes for an archive
 * applied from a patch. Keep both in sync.
 */
class AppStateContractExamplesTest {

    static final List<String> COMMANDS = List.of(
            "{\"commandId\":\"c-20\",\"archiveChat\":{\"chat\":\"15550002222\",\"archived\":true}}",
            "{\"commandId\":\"c-21\",\"pinChat\":{\"chat\":\"15550002222\",\"pinned\":true}}",
            "{\"commandId\":\"c-22\",\"muteChat\":{\"chat\":\"120363012345678901@g.us\",\"muted\":true,"
                    + "\"muteUntil\":\"2026-01-01T00:00:00Z\"}}",
            "{\"commandId\":\"c-23\",\"markChatRead\":{\"chat\":\"15550002222\",\"read\":false}}",
            "{\"commandId\":\"c-24\",\"starMessage\":{\"chat\":\"15550002222\",\"messageId\":\"3EB0C431C26A1916E07A\","
                    + "\"starred\":true}}",
            "{\"commandId\":\"c-25\",\"setContactName\":{\"jid\":\"15550002222\",\"fullName\":\"Alice Liddell\","
                    + "\"firstName\":\"Alice\"}}");

    static final String CHAT_UPDATE = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67D\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:02Z\",\"chatUpdate\":{\"action\":\"ARCHIVE\","
            + "\"chat\":\"15550002222@s.whatsapp.net\",\"value\":true,\"collection\":\"regular_low\",\"version\":\"7\","
            + "\"actionTime\":\"2025-11-24T16:00:01.500Z\"}}";

    static final String APP_STATE_ERROR = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67E\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:03Z\",\"appStateError\":{\"collection\":\"regular_low\",\"version\":\"8\","
            + "\"kind\":\"MAC_MISMATCH\",\"reason\":\"regular_low v8: patch MAC does not verify\",\"recovering\":true}}";

    @Test
    void everyExampleIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String json : concat(COMMANDS, List.of(CHAT_UPDATE, APP_STATE_ERROR))) {
            assertTrue(readme.contains(json), "README lacks " + json);
        }
    }

    @Test
    void everyCommandExampleIsAcceptedWithCanonicalJids() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        for (String json : COMMANDS) {
            assertEquals("acme", decoder.decode(Records.json("acme", json)).getSessionId(), json);
        }
        CommandEnvelope archive = decoder.decode(Records.json("acme", COMMANDS.get(0)));
        assertEquals("15550002222@s.whatsapp.net", archive.getArchiveChat().getChat());
        CommandEnvelope star = decoder.decode(Records.json("acme", COMMANDS.get(4)));
        assertEquals("15550002222@s.whatsapp.net", star.getStarMessage().getChat());
    }

    @Test
    void badAppStateCommandsAreRefusedWithTheField() {
        CommandDecoder decoder = new CommandDecoder();
        InvalidCommandException noChat = assertThrows(InvalidCommandException.class,
                () -> decoder.decode(Records.json("acme", "{\"commandId\":\"x\",\"pinChat\":{\"pinned\":true}}")));
        assertTrue(noChat.getMessage().contains("pin_chat.chat"), noChat.getMessage());
        InvalidCommandException groupStar = assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.json("acme",
                "{\"commandId\":\"x\",\"starMessage\":{\"chat\":\"120363012345678901@g.us\",\"messageId\":\"A\",\"starred\":true}}")));
        assertTrue(groupStar.getMessage().contains("star_message.sender"), groupStar.getMessage());
        InvalidCommandException unmutedUntil = assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.json("acme",
                "{\"commandId\":\"x\",\"muteChat\":{\"chat\":\"15550002222\",\"muteUntil\":\"2026-01-01T00:00:00Z\"}}")));
        assertEquals(ErrorCode.INVALID_COMMAND.name(), unmutedUntil.toCommandResult().getError().getCode());
        assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.json("acme",
                "{\"commandId\":\"x\",\"setContactName\":{\"jid\":\"15550002222\"}}")));
    }

    @Test
    void theChatUpdateExampleIsWhatTheBridgeWritesForAnAppliedArchive() throws Exception {
        SyncActionValue value = SyncActionValue.newBuilder().setTimestamp(1_764_000_001_500L)
                .setArchiveChatAction(SyncActionValue.ArchiveChatAction.newBuilder().setArchived(true)).build();
        Mutation m = new Mutation("regular_low", true, List.of("archive", "15550002222@s.whatsapp.net"), value, 3);
        AppStateChange change = new AppStateChange("regular_low", 7, false, false, Instant.ofEpochMilli(1_764_000_001_500L),
                new AppStateUpdate.Archive("15550002222@s.whatsapp.net", true), m);
        EventEnvelope.Builder example = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(CHAT_UPDATE, example);
        ChatUpdate written = AppStateEvents.chatUpdate(change);
        assertEquals(example.getChatUpdate(), written);
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(example.build());
        assertEquals(CHAT_UPDATE, Records.text(record.value()));
        EventEnvelope.Builder error = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(APP_STATE_ERROR, error);
        assertEquals(APP_STATE_ERROR, Records.text(new EventEncoder("wabridge.events", WireFormat.JSON).encode(error.build()).value()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
