package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.client.disappearing.Expiration;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.proto.v1.DisappearingScope;
import io.wabridge.proto.v1.DisappearingUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Disappearing messages through the bridge and Kafka: set_default_disappearing and set_chat_disappearing answer with
 * the change and a disappearing_update event; the contact's phone takes the chat timer and the next message sent
 * through Kafka carries it; the contact's own change of the timer is a disappearing_update (elsewhere) and its
 * messages are message events with their expiration; a timer WhatsApp does not offer goes to the DLQ with
 * INVALID_DISAPPEARING_DURATION.
 */
@QuarkusTest
class DisappearingBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "disappearing-1";
    private static final String PHONE = "15550008763";
    private static final String CONTACT = "15550008764";

    DisappearingBridgeTest() {
        super(SESSION, "d-disconnect");
    }

    @Test
    void timersThroughKafka() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        SimulatedContact contact = simulator.contact(simulator.create(CONTACT).phoneNumber());
        kafka.linkByQr(account, "d-connect");

        kafka.command("{\"commandId\":\"d-default\",\"setDefaultDisappearing\":{\"seconds\":86400}}");
        DisappearingUpdate byDefault = kafka.result("d-default").getCommandResult().getOk().getDisappearing();
        assertEquals(DisappearingScope.DISAPPEARING_SCOPE_DEFAULT, byDefault.getScope());
        assertEquals(86_400, byDefault.getSeconds());

        kafka.command("{\"commandId\":\"d-chat\",\"setChatDisappearing\":{\"chat\":\"+" + CONTACT + "\",\"seconds\":604800}}");
        DisappearingUpdate chat = kafka.result("d-chat").getCommandResult().getOk().getDisappearing();
        assertEquals(CONTACT + "@s.whatsapp.net", chat.getChat());
        assertEquals(604_800, chat.getSeconds());
        DisappearingUpdate own = events.awaitEvent(SESSION, e -> e.hasDisappearingUpdate()
                && e.getDisappearingUpdate().getScope() == DisappearingScope.DISAPPEARING_SCOPE_CHAT).getDisappearingUpdate();
        assertFalse(own.getElsewhere());
        kafka.command("{\"commandId\":\"d-send\",\"sendMessage\":{\"to\":\"" + CONTACT + "\",\"content\":{\"text\":\"vanishing\"}}}");
        assertTrue(kafka.result("d-send").getCommandResult().hasOk());
        ContactMessage got = contact.awaitText(account.jid(), "vanishing", Duration.ofSeconds(30));
        assertNotNull(got, "the message reached the contact");
        assertEquals(604_800, Expiration.of(got.message()));

        contact.send(account.jid(), new EphemeralSetting(86_400, System.currentTimeMillis() / 1000 + 5));
        DisappearingUpdate theirs = events.awaitEvent(SESSION, e -> e.hasDisappearingUpdate()
                && e.getDisappearingUpdate().getElsewhere()).getDisappearingUpdate();
        assertEquals(86_400, theirs.getSeconds());
        assertEquals(CONTACT + "@s.whatsapp.net", theirs.getActor());
        contact.sendText(account.jid(), "from the contact");
        EventEnvelope message = events.awaitEvent(SESSION, e -> e.hasMessage() // a text with a context: extended
                && "from the contact".equals(e.getMessage().getContent().getExtendedText().getText()));
        assertEquals(86_400, message.getMessage().getExpiration());

        RecordMetadata bad = kafka.command("{\"commandId\":\"d-bad\",\"setChatDisappearing\":{\"chat\":\"" + CONTACT
                + "\",\"seconds\":3600}}");
        assertEquals("INVALID_DISAPPEARING_DURATION", kafka.result("d-bad").getCommandResult().getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("INVALID_DISAPPEARING_DURATION", KafkaTap.header(dead, "dlq-reason-code"));
    }
}
