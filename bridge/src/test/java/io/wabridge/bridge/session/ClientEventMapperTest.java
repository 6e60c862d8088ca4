package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientEventMapperTest {

    private static EventEnvelope map(ClientEvent event, boolean handOver) {
        EventEnvelope.Builder b = EventEnvelope.newBuilder();
        assertTrue(ClientEventMapper.map(event, b, handOver), event.toString());
        return b.build();
    }

    @Test
    void connectionChangesBecomeConnectionUpdates() {
        assertEquals(ConnectionUpdate.State.CONNECTING, map(new ClientEvent.Connecting(0), false).getConnectionUpdate().getState());
        assertEquals("reconnecting (attempt 3)", map(new ClientEvent.Connecting(2), false).getConnectionUpdate().getReason());
        assertEquals(ConnectionUpdate.State.OPEN, map(new ClientEvent.Open("1@s.whatsapp.net", null), false)
                .getConnectionUpdate().getState());
        ConnectionUpdate lost = map(new ClientEvent.Close("connection lost", true, Duration.ofSeconds(2)), false)
                .getConnectionUpdate();
        assertEquals(ConnectionUpdate.State.CLOSED, lost.getState());
        assertEquals("connection lost", lost.getReason());
        assertTrue(lost.getWillReconnect());
        assertFalse(map(new ClientEvent.Close("replaced", false, null), false).getConnectionUpdate().getWillReconnect());
    }

    @Test
    void aHandOverIsAClosePromisingAReconnect() {
        ConnectionUpdate u = map(new ClientEvent.Close("disconnect requested", false, null), true).getConnectionUpdate();
        assertTrue(u.getWillReconnect());
        assertTrue(u.getReason().startsWith("handed over"), u.getReason());
    }

    @Test
    void pairingEventsKeepTheirFields() {
        Instant expires = Instant.parse("2026-01-01T00:01:00.250Z");
        EventEnvelope qr = map(new ClientEvent.Qr("ref,a,b,c,d", expires), false);
        assertEquals("ref,a,b,c,d", qr.getQr().getCode());
        assertEquals(expires.getEpochSecond(), qr.getQr().getExpiresAt().getSeconds());
        assertEquals(250_000_000, qr.getQr().getExpiresAt().getNanos());
        assertEquals("ABCD1234", map(new ClientEvent.PairingCode("ABCD1234"), false).getPairingCode().getCode());
        EventEnvelope paired = map(new ClientEvent.Paired("15550001111:7@s.whatsapp.net", "998877:7@lid", "android"), false);
        assertEquals("15550001111@s.whatsapp.net", paired.getPaired().getMe().getPn());
        assertEquals("998877@lid", paired.getPaired().getMe().getLid());
        assertEquals("android", paired.getPaired().getPlatform());
        assertEquals("removed from the phone", map(new ClientEvent.LoggedOut("removed from the phone"), false)
                .getLoggedOut().getReason());
    }

    @Test
    void internalEventsAreNotPublished() {
        EventEnvelope.Builder b = EventEnvelope.newBuilder();
        assertFalse(ClientEventMapper.map(new ClientEvent.Warning("x"), b, false));
        assertFalse(ClientEventMapper.map(new ClientEvent.PreKeysUploaded(812, 1, 812, 0), b, false));
        assertFalse(ClientEventMapper.map(new ClientEvent.StreamError("503", ""), b, false));
        assertEquals(EventEnvelope.EventCase.EVENT_NOT_SET, b.getEventCase());
    }

    @Test
    void meIsWrittenWithoutDeviceAndSkipsWhatItCannotRead() {
        assertEquals("15550001111@s.whatsapp.net", ClientEventMapper.me("15550001111:12@s.whatsapp.net", null).getPn());
        assertEquals("", ClientEventMapper.me("15550001111@s.whatsapp.net", null).getLid());
        assertEquals("", ClientEventMapper.me("no jid", "").getPn());
        assertEquals("15550001111@s.whatsapp.net", ClientEventMapper.me("15550001111@c.us", null).getPn());
    }
}
