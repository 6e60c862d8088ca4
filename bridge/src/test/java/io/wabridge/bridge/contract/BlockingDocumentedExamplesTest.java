package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.blocking.BlockingContract;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.blocking.AccountSettingsUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.PrivacyCategory;
import io.wabridge.proto.v1.PrivacyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's blocking examples ("Blocking and privacy settings in the contract", each after a {@code <!--
 * blocking-example:NAME -->} marker): the commands are accepted and made canonical, the result and events are byte
 * for byte what the bridge writes.
 */
class BlockingDocumentedExamplesTest {
    private static final String HEAD = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:00.456Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"}";
    private static final Instant AT = Instant.parse("2025-11-24T16:00:00Z");

    @Test
    void theCommandsAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope block = decoder.decode(Records.json("acme", example("blockContact")));
        assertEquals("15550002222@s.whatsapp.net", block.getBlockContact().getJid());
        CommandEnvelope set = decoder.decode(Records.json("acme", example("setPrivacySetting")));
        assertEquals(PrivacyCategory.READ_RECEIPTS, set.getSetPrivacySetting().getCategory());
        assertEquals(PrivacyValue.NOBODY, set.getSetPrivacySetting().getValue());
        assertEquals("readreceipts", BlockingContract.name(set.getSetPrivacySetting().getCategory()));
        assertEquals("none", BlockingContract.name(set.getSetPrivacySetting().getValue()));
    }

    @Test
    void theResultAndEventsAreWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder result = head("b-1");
        result.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setBlocklist(BlockingContract.blocklist(List.of(Jid.pn("15550002222"))))));
        assertWritten("blocklistResult", result);
        assertWritten("privacyElsewhere", event(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.PRIVACY, null,
                Map.of("last", "contacts"), "privacy", null, true, AT)));
        assertWritten("unknown", event(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.UNKNOWN, null, null,
                "dhash_v2", Map.of("value", "x1"), true, AT)));
    }

    private static EventEnvelope.Builder event(AccountSettingsUpdate update) throws Exception {
        EventEnvelope.Builder event = head(null);
        assertTrue(InboundEvents.map(new ClientEvent.AccountSettings(update), event));
        return event;
    }

    private static EventEnvelope.Builder head(String causation) throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(HEAD + "}", event);
        if (causation != null) {
            event.setCausationId(causation);
        }
        return event;
    }

    private static void assertWritten(String name, EventEnvelope.Builder event) throws Exception {
        String written = Records.text(new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build()).value());
        String documented = example(name);
        assertEquals(documented, written, "README blocking-example:" + name);
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(documented, parsed);
        assertEquals(event.build(), parsed.build());
    }

    private static String example(String name) throws Exception {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        String marker = "<!-- blocking-example:" + name + " -->";
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "README has no " + marker);
        int start = text.indexOf('{', at);
        return text.substring(start, text.indexOf('\n', start)).strip();
    }
}
