package io.wabridge.client.jid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JidTest {

    @Test
    void parsesEveryPart() {
        Jid jid = Jid.parse("15551234567_5:12@s.whatsapp.net");
        assertEquals("15551234567", jid.user());
        assertEquals(5, jid.agent());
        assertEquals(12, jid.device());
        assertEquals(0, jid.integrator());
        assertSame(JidServer.WHATSAPP, jid.server());

        Jid interop = Jid.parse("7-12345:3@interop");
        assertEquals(7, interop.integrator());
        assertEquals("12345", interop.user());
        assertEquals(3, interop.device());

        Jid group = Jid.parse("15551234567-1600000000@g.us");
        assertEquals("15551234567-1600000000", group.user());
        assertTrue(group.isGroup());
    }

    @Test
    void canonicalFormRoundTrips() {
        for (String s : new String[] {"@s.whatsapp.net", "15551234567@s.whatsapp.net", "15551234567:3@s.whatsapp.net",
                "15551234567_5:3@s.whatsapp.net", "15551234567_5@s.whatsapp.net", "123456789012345:7@lid",
                "5511888887777:1@hosted", "98765:2@hosted.lid", "120363042123456789@g.us", "status@broadcast",
                "120363154211234567@newsletter", "13135550002@bot", "16505361212@c.us", "3EB0ABC@call",
                "12345:3@msgr", "7-12345:3@interop", "12345@interop", "someone@unknown.example.com"}) {
            Jid jid = Jid.parse(s);
            assertEquals(s, jid.toString());
            assertEquals(jid, Jid.parse(jid.toString()));
        }
    }

    @Test
    void zeroPartsAreAbsent() {
        assertEquals(Jid.pn("1"), Jid.parse("1:0@s.whatsapp.net"));
        assertEquals("1@s.whatsapp.net", Jid.parse("1_0:0@s.whatsapp.net").toString());
        assertEquals("1:7@lid", Jid.parse("1:007@lid").toString());
        assertEquals("1@interop", Jid.parse("0-1@interop").toString());
    }

    @Test
    void rejectsWhatIsNoJid() {
        for (String bad : new String[] {"", "s.whatsapp.net", "a@b@c", "user@", "1@S.WHATSAPP.NET", "a b@g.us",
                "1:x@s.whatsapp.net", "1:@s.whatsapp.net", "1:65536@s.whatsapp.net", "1_256@s.whatsapp.net",
                "1.0:2@s.whatsapp.net", "a:b:3@s.whatsapp.net", ":3@s.whatsapp.net", "_1@s.whatsapp.net",
                "1-2-3@interop", "70000-1@interop", "x-1@interop", "1@ex ample", "1@é"}) {
            assertThrows(InvalidJidException.class, () -> Jid.parse(bad), bad);
            assertNull(Jid.tryParse(bad), bad);
        }
        assertThrows(InvalidJidException.class, () -> Jid.of("1", 0, 0, 5, "s.whatsapp.net"));
        assertThrows(InvalidJidException.class, () -> Jid.ofDevice("", 2, "s.whatsapp.net"));
        assertThrows(InvalidJidException.class, () -> Jid.ofDevice("1", -1, "s.whatsapp.net"));
        assertThrows(InvalidJidException.class, () -> Jid.of(null, "lid"));
        assertNull(Jid.tryParse(null));
    }

    @Test
    void deviceAndUserForms() {
        Jid device = Jid.parse("15551234567_5:3@s.whatsapp.net");
        assertTrue(device.isAd());
        assertEquals(Jid.pn("15551234567"), device.toNonAd());
        assertFalse(device.toNonAd().isAd());
        Jid user = Jid.pn("15551234567");
        assertSame(user, user.toNonAd());
        assertEquals(Jid.parse("15551234567:9@s.whatsapp.net"), user.withDevice(9));
        assertEquals(Jid.pn("16505361212"), Jid.parse("16505361212:2@c.us").normalizedUser());
        assertTrue(Jid.parse("15551234567:4@s.whatsapp.net").sameUser(Jid.parse("15551234567@c.us")));
        assertFalse(Jid.lid("15551234567").sameUser(user));
        assertNotEquals(Jid.pn("1"), Jid.lid("1"));
        assertEquals(Jid.parse("1:2@lid").hashCode(), Jid.ofDevice("1", 2, "lid").hashCode());
    }

    @Test
    void kindsAndSignalNames() {
        assertTrue(Jid.SERVER.isServerJid());
        assertEquals("@s.whatsapp.net", Jid.SERVER.toString());
        assertTrue(Jid.parse("status@broadcast").isStatusBroadcast());
        assertTrue(Jid.parse("1@broadcast").isBroadcast());
        assertFalse(Jid.parse("1@broadcast").isStatusBroadcast());
        assertTrue(Jid.parse("1@newsletter").isNewsletter());
        assertTrue(Jid.parse("1@hosted.lid").isHosted());
        assertTrue(Jid.parse("1@lid").isLid());
        assertTrue(Jid.parse("1@s.whatsapp.net").isPn());
        assertFalse(Jid.SERVER.isPn());
        assertTrue(Jid.parse("13135550002@c.us").isBot());
        assertTrue(Jid.parse("867051314767696@bot").isBot());
        assertFalse(Jid.parse("13135550002:1@s.whatsapp.net").isBot());
        assertEquals("15551234567", Jid.parse("15551234567:3@s.whatsapp.net").signalUser());
        assertEquals("123_1", Jid.parse("123:3@lid").signalUser());
        assertEquals("123_128", Jid.parse("123:3@hosted").signalUser());
        assertEquals("123_129", Jid.parse("123@hosted.lid").signalUser());
        assertEquals("123_5", Jid.parse("123_5:1@s.whatsapp.net").signalUser());
    }
}
