package io.wabridge.client.message.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.fuzz.Fuzzer;
import io.wabridge.client.message.InvalidPaddingException;
import io.wabridge.client.message.MalformedMessageException;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a decrypted message turns into: padded plaintext -> {@link Message} -> typed content, the path of every
 * received message after Signal. Bad padding is {@link InvalidPaddingException}, a plaintext that is no Message
 * {@link MalformedMessageException} (both become a {@code decrypt_failed}); anything that parses becomes typed
 * content or {@link Unknown}, never an exception.
 */
class MessageContentFuzzTest {

    private static final MessageRef TARGET = new MessageRef("15550002222@s.whatsapp.net", true, "3EB0A4AAB9F75821BBB543", null);

    @Test
    void plaintextsBecomeContentOrTheirDocumentedError() {
        Fuzzer.Report report = Fuzzer.target("message-plaintext", input -> {
            Message message = MessagePlaintext.decode(input);
            ReceivedContent received = MessageContentCodec.decodeReceived(message);
            received.toString();
            return received.content().getClass().getSimpleName();
        })
                .allow(InvalidPaddingException.class)
                .allow(MalformedMessageException.class)
                .seeds(seeds())
                .token(new byte[] {0x0a}).token(new byte[] {0x12}).token(new byte[] {0x1a}).token(new byte[] {0x22})
                .token(new byte[] {(byte) 0x92, 0x01}).token(new byte[] {(byte) 0xba, 0x02}).token(new byte[] {0x01})
                .iterations(20_000)
                .run();
        assertTrue(report.count("Text") > 100, report.toString());
        assertTrue(report.count("Unknown") > 100, report.toString());
        assertTrue(report.count("MalformedMessageException") > 100, report.toString());
        assertTrue(report.count("InvalidPaddingException") > 100, report.toString());
        assertTrue(report.outcomes().size() >= 8, report.toString());
    }

    static List<byte[]> seeds() {
        List<MessageContent> contents = List.of(
                new Text("hello"),
                new ExtendedText("hi @15550003333 see https://example.org", List.of("15550003333@s.whatsapp.net"),
                        new QuotedMessage("3EB0000000000000000001", "15550002222@s.whatsapp.net", null, new Text("q")),
                        new LinkPreview("https://example.org", "https://example.org/", "Example", "page"), 86_400),
                new Reaction(TARGET, "👍", 1_700_000_000_123L),
                new Edit(TARGET, new Text("fixed typo"), 1_700_000_000_789L),
                new Revoke(TARGET),
                new Location(52.520008, 13.404954, "Berlin", "Pariser Platz", "https://maps.example/b", "meet here"),
                new ContactCard("Alice", "BEGIN:VCARD\nVERSION:3.0\nFN:Alice\nEND:VCARD"),
                Poll.create("Lunch?", List.of("Pizza", "Sushi", "Salad"), 1),
                new EphemeralSetting(604_800, 1_700_000_000L));
        Random random = new Random(3);
        List<byte[]> seeds = new ArrayList<>();
        for (MessageContent content : contents) {
            Message message = MessageContentCodec.encode(content);
            seeds.add(MessagePlaintext.encode(message, random));
            seeds.add(MessagePlaintext.encode(MessageContentCodec.wrapForOwnDevices(message, "15550002222@s.whatsapp.net"),
                    random));
        }
        return seeds;
    }
}
