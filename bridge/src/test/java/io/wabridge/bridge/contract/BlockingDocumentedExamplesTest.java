package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private static final DocumentedEvents DOCS = new DocumentedEvents("blocking");
    private static final Instant AT = Instant.parse("2025-11-24T16:00:00Z");

    @Test
    void theCommandsAreAcceptedAndMadeCanonical() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope block = decoder.decode(Records.json("acme", DOCS.example("blockContact")));
        assertEquals("15550002222@s.whatsapp.net", block.getBlockContact().getJid());
        CommandEnvelope set = decoder.decode(Records.json("acme", DOCS.example("setPrivacySetting")));
        assertEquals(PrivacyCategory.READ_RECEIPTS, set.getSetPrivacySetting().getCategory());
        assertEquals(PrivacyValue.NOBODY, set.getSetPrivacySetting().getValue());
        assertEquals("readreceipts", BlockingContract.name(set.getSetPrivacySetting().getCategory()));
        assertEquals("none", BlockingContract.name(set.getSetPrivacySetting().getValue()));
    }

    @Test
    void theResultAndEventsAreWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder result = DOCS.head("b-1");
        result.setCommandResult(CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder()
                .setBlocklist(BlockingContract.blocklist(List.of(Jid.pn("15550002222"))))));
        DOCS.assertWritten("blocklistResult", result);
        DOCS.assertWritten("privacyElsewhere", event(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.PRIVACY, null,
                Map.of("last", "contacts"), "privacy", null, true, AT)));
        DOCS.assertWritten("unknown", event(new AccountSettingsUpdate(AccountSettingsUpdate.Kind.UNKNOWN, null, null,
                "dhash_v2", Map.of("value", "x1"), true, AT)));
    }

    private static EventEnvelope.Builder event(AccountSettingsUpdate update) throws Exception {
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.AccountSettings(update), event));
        return event;
    }
}
