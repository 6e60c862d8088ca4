package io.wabridge.client.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.SignalAddress;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.SignalProtocolAddress;

class SignalAddressesTest {

    @Test
    void phoneNumberDevicesUseTheUserAndDevice() {
        assertEquals(new SignalAddress("15551234567", 0), SignalAddresses.of(Jid.parse("15551234567@s.whatsapp.net")));
        assertEquals(new SignalAddress("15551234567", 3), SignalAddresses.of(Jid.parse("15551234567:3@s.whatsapp.net")));
        assertEquals("15551234567.3", SignalAddresses.of(Jid.parse("15551234567:3@s.whatsapp.net")).toString());
    }

    @Test
    void lidAndHostedUsersCarryTheirDomainType() {
        assertEquals(new SignalAddress("123456789_1", 2), SignalAddresses.of(Jid.parse("123456789:2@lid")));
        assertEquals(new SignalAddress("15551234567_128", 99), SignalAddresses.of(Jid.parse("15551234567:99@hosted")));
        assertEquals(new SignalAddress("123456789_129", 99), SignalAddresses.of(Jid.parse("123456789:99@hosted.lid")));
    }

    @Test
    void addressesMapBackToTheDeviceJid() {
        for (String jid : new String[] {"15551234567@s.whatsapp.net", "15551234567:12@s.whatsapp.net",
                "123456789:2@lid", "123456789@lid", "15551234567:99@hosted", "123456789:99@hosted.lid"}) {
            assertEquals(Jid.parse(jid), SignalAddresses.toJid(SignalAddresses.of(Jid.parse(jid))), jid);
        }
    }

    @Test
    void protocolAddressesCarryTheSameNameAndDevice() {
        SignalProtocolAddress protocol = SignalAddresses.toProtocolAddress(new SignalAddress("123_1", 4));
        assertEquals("123_1", protocol.getName());
        assertEquals(4, protocol.getDeviceId());
        assertEquals(new SignalAddress("123_1", 4), SignalAddresses.fromProtocolAddress(protocol));
    }

    @Test
    void nonDeviceJidsAreRejected() {
        assertThrows(NotADeviceJidException.class, () -> SignalAddresses.of(Jid.parse("120363000000000000@g.us")));
        assertThrows(NotADeviceJidException.class, () -> SignalAddresses.of(Jid.STATUS_BROADCAST));
        assertThrows(NotADeviceJidException.class, () -> SignalAddresses.of(Jid.SERVER));
        assertThrows(NotADeviceJidException.class, () -> SignalAddresses.of(Jid.parse("15551234567:99@s.whatsapp.net")));
        assertThrows(NotADeviceJidException.class, () -> SignalAddresses.toJid(new SignalAddress("abc_x", 0)));
    }
}
