package io.wabridge.proto.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;

class ContractRoundTripTest {

    private final CommandEnvelope command = CommandEnvelope.newBuilder()
            .setCommandId("cmd-1")
            .setSessionId("acme-support")
            .setIssuedAt(Timestamp.newBuilder().setSeconds(1_764_000_000L))
            .setConnect(Connect.newBuilder().setPairingCode(PairingCodePairing.newBuilder().setPhone("15550001111")))
            .build();

    @Test
    void binaryRoundTripKeepsEveryField() throws Exception {
        assertEquals(command, CommandEnvelope.parseFrom(command.toByteArray()));
    }

    @Test
    void jsonMappingUsesProtobufJsonNamesAndRoundTrips() throws Exception {
        String json = JsonFormat.printer().print(command);
        assertTrue(json.contains("\"commandId\": \"cmd-1\""), json);
        assertTrue(json.contains("\"pairingCode\""), json);
        CommandEnvelope.Builder parsed = CommandEnvelope.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertEquals(command, parsed.build());
    }

    @Test
    void fieldsFromANewerProducerArePreservedThroughReserialization() throws Exception {
        // Field 999 does not exist in this schema version; a proxying consumer must not drop it.
        byte[] withUnknown = command.toBuilder()
                .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(999, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("future"))
                                .build())
                        .build())
                .build().toByteArray();
        CommandEnvelope reparsed = CommandEnvelope.parseFrom(withUnknown);
        assertTrue(reparsed.getUnknownFields().hasField(999));
        assertEquals(command.getSessionId(), reparsed.getSessionId());
        assertEquals(withUnknown.length, reparsed.toByteArray().length);
    }
}
