package io.wabridge.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
    private static final Jid BOB = Jid.pn("15550002222");

    @Test
    void receivedMessagesReceiptsAndFailuresPrintAsJsonLines() {
        var message = new ClientEvent.MessageReceived("ID1", BOB, BOB.withDevice(3), BOB, null, "Bob",
                Instant.ofEpochSecond(1767225800), new Text("hi \"there\""),
                Message.newBuilder().setConversation("hi \"there\"").build(), false);
        assertEquals("{\"type\":\"message\",\"id\":\"ID1\",\"chat\":\"15550002222@s.whatsapp.net\","
                + "\"sender\":\"15550002222:3@s.whatsapp.net\",\"sender_pn\":\"15550002222@s.whatsapp.net\","
                + "\"sender_lid\":null,\"push_name\":\"Bob\",\"timestamp\":1767225800,\"from_me\":false,"
                + "\"kind\":\"text\",\"text\":\"hi \\\"there\\\"\"}", CliCommand.EventPrinter.toJson(message).toString());

        var reaction = new ClientEvent.MessageReceived("ID2", BOB, BOB, BOB, null, null, Instant.EPOCH,
                new Reaction(new MessageRef(BOB.toString(), true, "ID0", null), "👍", 1), Message.getDefaultInstance(), false);
        assertEquals(true, CliCommand.EventPrinter.toJson(reaction).toString()
                .endsWith("\"kind\":\"reaction\",\"emoji\":\"👍\",\"target_id\":\"ID0\",\"target_from_me\":true}"));

        var receipt = new ClientEvent.Receipt(List.of("A", "B"), ReceiptType.READ_SELF, BOB.withDevice(3), BOB,
                Instant.ofEpochSecond(5));
        assertEquals("{\"type\":\"receipt\",\"receipt_type\":\"read_self\",\"ids\":[\"A\",\"B\"],"
                + "\"from\":\"15550002222:3@s.whatsapp.net\",\"chat\":\"15550002222@s.whatsapp.net\",\"timestamp\":5}",
                CliCommand.EventPrinter.toJson(receipt).toString());

        var failed = new ClientEvent.DecryptFailed("ID3", BOB, ClientEvent.DecryptFailure.SIGNAL, "bad mac", true);
        assertEquals("{\"type\":\"decrypt_failed\",\"id\":\"ID3\",\"from\":\"15550002222@s.whatsapp.net\","
                + "\"cause\":\"signal\",\"reason\":\"bad mac\",\"will_retry\":true}",
                CliCommand.EventPrinter.toJson(failed).toString());
    }

    @Test
    void recipientsAreJidsOrPhoneNumbers() {
        assertEquals(BOB, MessageCommands.recipient("+1 555-000-2222".replace("1 555", "1555")));
        assertEquals(BOB, MessageCommands.recipient("15550002222"));
        assertEquals(Jid.lid("123"), MessageCommands.recipient("123@lid"));
        assertThrows(IllegalArgumentException.class, () -> MessageCommands.recipient("bob"));
        assertThrows(IllegalArgumentException.class, () -> MessageCommands.recipient("a@b@c"));
    }

    @Test
    void commandsWithMissingArgumentsFailWithTheirUsage() {
        var failed = MessageCommands.run("send", "15550002222", null, JsonLine::type);
        var e = assertThrows(java.util.concurrent.ExecutionException.class, failed::get);
        assertEquals("usage: send <jid|phone> <text>", e.getCause().getMessage());
        var react = MessageCommands.run("react", "15550002222 ID", null, JsonLine::type);
        assertEquals("usage: react <jid> <message-id> <emoji>",
                assertThrows(java.util.concurrent.ExecutionException.class, react::get).getCause().getMessage());
    }
}
