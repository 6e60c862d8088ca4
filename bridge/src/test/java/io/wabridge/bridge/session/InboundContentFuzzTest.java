package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.fuzz.Fuzzer;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.InvalidPaddingException;
import io.wabridge.client.message.MalformedMessageException;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.ReceivedContent;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the inbound path after Signal, to the contract: a decrypted plaintext becomes a {@code message} event in both
 * wire formats, whatever WhatsApp (or a hostile contact) put in it. Bad padding or a plaintext that is no Message are
 * the client's documented errors (a {@code decrypt_failed}); anything that parses is published, typed or as
 * {@code raw}, never an exception in the mapping or the encoders. Seeds: the client's committed corpus
 * ({@code fuzz/message-plaintext/} in the client's test-jar).
 */
class InboundContentFuzzTest {

    private static final Jid CHAT = Jid.parse("15550002222@s.whatsapp.net");

    @Test
    void everyParsableMessageBecomesAnEventInBothFormats() {
        List<byte[]> corpus = Fuzzer.loadCorpus("message-plaintext");
        EventEncoder protobuf = new EventEncoder("wabridge.events", WireFormat.PROTOBUF);
        EventEncoder json = new EventEncoder("wabridge.events", WireFormat.JSON);
        Fuzzer.Report report = Fuzzer.target("inbound-content", input -> {
            Message message = MessagePlaintext.decode(input);
            ReceivedContent content = MessageContentCodec.decodeReceived(message);
            ClientEvent.MessageReceived received = new ClientEvent.MessageReceived("3EB0AB", CHAT, CHAT.withDevice(3),
                    CHAT, null, "Bob", Instant.ofEpochSecond(1_767_225_800L), content.content(), message, false);
            EventEnvelope.Builder envelope = EventEnvelope.newBuilder().setSessionId("acme")
                    .setEventId("01KAV9FT3VXRTQT3WJFVE7K67B");
            assertTrue(InboundEvents.map(received, envelope));
            EventEnvelope event = envelope.build();
            assertEquals(event, EventEnvelope.parseFrom(protobuf.encode(event).value()));
            EventEnvelope.Builder back = EventEnvelope.newBuilder();
            JsonFormat.parser().merge(new String(json.encode(event).value(), StandardCharsets.UTF_8), back);
            assertEquals(event, back.build());
            return event.getMessage().hasContent() ? "typed:" + event.getMessage().getContent().getKindCase() : "raw";
        })
                .allow(InvalidPaddingException.class)
                .allow(MalformedMessageException.class)
                .seeds(corpus)
                .iterations(10_000)
                .run();
        assertTrue(corpus.size() >= 5, "the client's corpus is on the class path: " + corpus.size());
        assertTrue(report.count("raw") > 100, report.toString());
        assertTrue(report.countStartingWith("typed:") > 100, report.toString());
    }
}
