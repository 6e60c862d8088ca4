package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.contract.ContractHeaders;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.MarkRead;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.SendMessage;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The views' skip of command records that cannot be a mark_read, before any decoding. */
class ReadsProcessorTest {

    private static final RecordHeaders NONE = new RecordHeaders();

    private static byte[] send() {
        return CommandEnvelope.newBuilder().setCommandId("c1").setSessionId("acme")
                .setSendMessage(SendMessage.newBuilder().setTo("15550002222")
                        .setContent(MessageContent.newBuilder().setText("hi"))).build().toByteArray();
    }

    private static byte[] markRead() {
        return CommandEnvelope.newBuilder().setCommandId("r1").setSessionId("acme")
                .setMarkRead(MarkRead.newBuilder().setChat("15550002222").addMessageIds("M1")).build().toByteArray();
    }

    @Test
    void aSendIsSkippedWithoutDecoding() {
        assertFalse(ReadsProcessor.mayBeMarkRead(send(), NONE));
        assertFalse(ReadsProcessor.mayBeMarkRead(new byte[0], NONE), "no value: the decoder refuses it");
    }

    @Test
    void aMarkReadAnywhereAtTheTopLevelGoesToTheDecoder() {
        assertTrue(ReadsProcessor.mayBeMarkRead(markRead(), NONE));
        byte[] send = send();
        byte[] read = markRead();
        byte[] both = new byte[send.length + read.length]; // two oneof members: the decoder keeps the last one
        System.arraycopy(send, 0, both, 0, send.length);
        System.arraycopy(read, 0, both, send.length, read.length);
        assertTrue(ReadsProcessor.mayBeMarkRead(both, NONE));
    }

    @Test
    void jsonAndMalformedValuesGoToTheDecoderAndRefusedContentTypesAreSkipped() {
        RecordHeaders json = new RecordHeaders();
        json.add(ContractHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.US_ASCII));
        assertTrue(ReadsProcessor.mayBeMarkRead("{\"sendMessage\":{}}".getBytes(StandardCharsets.UTF_8), json));
        byte[] send = send();
        byte[] truncated = java.util.Arrays.copyOf(send, send.length - 3);
        assertTrue(ReadsProcessor.mayBeMarkRead(truncated, NONE));
        RecordHeaders xml = new RecordHeaders();
        xml.add(ContractHeaders.CONTENT_TYPE, "application/xml".getBytes(StandardCharsets.US_ASCII));
        assertFalse(ReadsProcessor.mayBeMarkRead(markRead(), xml));
    }
}
