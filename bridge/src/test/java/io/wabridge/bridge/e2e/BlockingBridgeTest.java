package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.proto.v1.AccountSettingsEvent;
import io.wabridge.proto.v1.PrivacyCategory;
import io.wabridge.proto.v1.PrivacyValue;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Blocking and privacy settings through the bridge and Kafka: block_contact answers with the list and an
 * account_settings event; a second block is ALREADY_BLOCKED; the blocked contact's message never becomes a message
 * event while the one after unblock_contact does; set_privacy_setting / get_privacy_settings answer with the
 * settings; a change on the phone is an account_settings event (elsewhere); a value the category does not take goes
 * to the DLQ.
 */
@QuarkusTest
class BlockingBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "blocking-1";
    private static final String PHONE = "15550008891";
    private static final String CONTACT = "15550008892";

    BlockingBridgeTest() {
        super(SESSION, "b-disconnect");
    }

    @Test
    void blockingAndPrivacySettingsThroughKafka() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        SimulatedContact contact = simulator.contact(simulator.create(CONTACT).phoneNumber());
        kafka.linkByQr(account, "b-connect");

        kafka.command("{\"commandId\":\"b-block\",\"blockContact\":{\"jid\":\"+" + CONTACT + "\"}}");
        var list = kafka.result("b-block").getCommandResult().getOk().getBlocklist();
        assertEquals(1, list.getJidsCount(), list.toString());
        AccountSettingsEvent own = events.awaitEvent(SESSION, e -> e.hasAccountSettings()
                && e.getAccountSettings().getKind() == AccountSettingsEvent.Kind.BLOCKLIST).getAccountSettings();
        assertFalse(own.getElsewhere());
        assertTrue(own.getBlockChanges(0).getBlocked());
        assertTrue(simulator.blocking().blocks(account, contact.account()));
        kafka.command("{\"commandId\":\"b-again\",\"blockContact\":{\"jid\":\"" + CONTACT + "\"}}");
        assertEquals("ALREADY_BLOCKED", kafka.result("b-again").getCommandResult().getError().getCode());

        contact.sendText(account.jid(), "while blocked");
        kafka.command("{\"commandId\":\"b-unblock\",\"unblockContact\":{\"jid\":\"" + CONTACT + "\"}}");
        assertEquals(0, kafka.result("b-unblock").getCommandResult().getOk().getBlocklist().getJidsCount());
        kafka.command("{\"commandId\":\"b-unblock-2\",\"unblockContact\":{\"jid\":\"" + CONTACT + "\"}}");
        assertEquals("NOT_BLOCKED", kafka.result("b-unblock-2").getCommandResult().getError().getCode());
        contact.sendText(account.jid(), "after the unblock");
        events.awaitEvent(SESSION, e -> e.hasMessage() && "after the unblock".equals(e.getMessage().getContent().getText()));
        assertTrue(events.events(SESSION).stream().noneMatch(e -> e.hasMessage()
                && "while blocked".equals(e.getMessage().getContent().getText())), "the blocked message never arrived");

        kafka.command("{\"commandId\":\"b-privacy\",\"setPrivacySetting\":{\"category\":\"READ_RECEIPTS\",\"value\":\"NOBODY\"}}");
        var settings = kafka.result("b-privacy").getCommandResult().getOk().getPrivacySettings();
        assertTrue(settings.getSettingsList().stream().anyMatch(s -> s.getCategory() == PrivacyCategory.READ_RECEIPTS
                && s.getValue() == PrivacyValue.NOBODY), settings.toString());
        assertTrue(simulator.blocking().readReceiptsOff(account));
        kafka.command("{\"commandId\":\"b-get\",\"getPrivacySettings\":{}}");
        assertTrue(kafka.result("b-get").getCommandResult().getOk().getPrivacySettings().getSettingsList().stream()
                .anyMatch(s -> s.getCategory() == PrivacyCategory.LAST_SEEN && s.getValue() == PrivacyValue.EVERYONE));

        simulator.blocking().setOnPhone(account, "last", "contacts");
        AccountSettingsEvent phone = events.awaitEvent(SESSION, e -> e.hasAccountSettings()
                && e.getAccountSettings().getElsewhere()
                && e.getAccountSettings().getKind() == AccountSettingsEvent.Kind.PRIVACY).getAccountSettings();
        assertEquals(PrivacyCategory.LAST_SEEN, phone.getPrivacyChanges(0).getCategory());
        assertEquals(PrivacyValue.CONTACTS, phone.getPrivacyChanges(0).getValue());

        RecordMetadata bad = kafka.command("{\"commandId\":\"b-bad\",\"setPrivacySetting\":{\"category\":\"ONLINE\",\"value\":\"CONTACTS\"}}");
        assertEquals("INVALID_COMMAND", kafka.result("b-bad").getCommandResult().getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("INVALID_COMMAND", KafkaTap.header(dead, "dlq-reason-code"));
    }
}
