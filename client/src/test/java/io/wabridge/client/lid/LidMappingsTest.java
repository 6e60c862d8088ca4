package io.wabridge.client.lid;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeText;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.LidPnMapping;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LID mapping coordinator over the memory store, and the Signal cipher using it with real libsignal parties. */
class LidMappingsTest {

    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid LID = Jid.parse("90210123456789@lid");
    private static final Jid OTHER_LID = Jid.parse("90210999999999@lid");

    private final MemoryStoreProvider provider = new MemoryStoreProvider();
    private final AccountStore account = provider.open("acme");
    private final List<ClientEvent> events = new ArrayList<>();
    private final LidMappings lids = new LidMappings("acme", account.lidMappings(), events::add);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aNewMappingIsStoredAndReportedOnceAndADeviceFormIsReducedToItsUser() {
        assertTrue(lids.learn(PN.withDevice(3), LID.withDevice(3), LidMappings.Source.MESSAGE));
        assertFalse(lids.learn(PN, LID, LidMappings.Source.USYNC), "known: nothing new");
        assertEquals(List.of(new ClientEvent.LidMappingLearned(PN, LID, "message", null)), events);
        assertEquals("90210123456789@lid", account.lidMappings().lidForPn(PN.toString()).orElseThrow());
        assertEquals(LID, lids.lidFor(PN.withDevice(7)).orElseThrow());
        assertEquals(PN, lids.pnFor(LID).orElseThrow());
    }

    @Test
    void ourOwnMappingIsNeverEvictedWhileOthersAre() {
        LidMappings small = new LidMappings("acme", account.lidMappings(), events::add, 4);
        small.learn(PN, LID, LidMappings.Source.OWN);
        for (int i = 0; i < 20; i++) {
            small.learn(Jid.pn("1555000" + (1000 + i)), Jid.parse("9021000000" + (1000 + i) + "@lid"),
                    LidMappings.Source.MESSAGE);
        }
        // the store now says otherwise: only a store read would see it
        account.lidMappings().store(new LidPnMapping(OTHER_LID.toString(), PN.toString()));
        account.lidMappings().store(new LidPnMapping("90210000001000@lid", "15550009999@s.whatsapp.net"));
        assertEquals(LID, small.lidFor(PN).orElseThrow(), "our own mapping is still cached");
        assertEquals(PN, small.pnFor(LID).orElseThrow());
        assertFalse(small.learn(PN, LID, LidMappings.Source.USYNC), "known: nothing read, nothing new");
        assertEquals(Jid.pn("15550009999"), small.pnFor(Jid.parse("90210000001000@lid")).orElseThrow(),
                "an evicted user is read from the store again");
    }

    @Test
    void aChangedMappingReportsThePreviousLidAndFreshInstancesReadTheStore() {
        lids.learn(PN, LID, LidMappings.Source.USYNC);
        lids.learn(PN, OTHER_LID, LidMappings.Source.NOTIFICATION);
        assertEquals(new ClientEvent.LidMappingLearned(PN, OTHER_LID, "notification", LID), events.getLast());
        assertTrue(lids.pnFor(LID).isEmpty(), "the old LID no longer names the number");

        LidMappings restarted = new LidMappings("acme", account.lidMappings(), events::add);
        assertEquals(OTHER_LID, restarted.lidFor(PN).orElseThrow());
        assertFalse(restarted.learn(PN, OTHER_LID, LidMappings.Source.HISTORY), "the store knew it");
        assertEquals(2, events.size());
    }

    @Test
    void learnAllWritesOnlyWhatIsNewAndSkipsPairsOfTheWrongKinds() {
        lids.learn(PN, LID, LidMappings.Source.USYNC);
        Jid pn2 = Jid.parse("15550003333@s.whatsapp.net");
        Jid lid2 = Jid.parse("777@lid");
        int learned = lids.learnAll(Map.of(PN, LID, pn2, lid2, LID, PN, Jid.parse("120363@g.us"), lid2),
                LidMappings.Source.HISTORY);
        assertEquals(1, learned);
        assertEquals(Map.of(PN, LID, pn2, lid2), lids.lidsFor(List.of(PN, pn2, Jid.parse("1@s.whatsapp.net"))));
    }

    @Test
    void stanzaAttributesOfMessagesReceiptsAndNotificationsNameThePairs() {
        Node lidMessage = NodeText.parse("<message from=\"90210123456789:2@lid\" sender_pn=\"15550002222@s.whatsapp.net\" id=\"1\"/>");
        Node pnMessage = NodeText.parse("<message from=\"15550002222:2@s.whatsapp.net\" sender_lid=\"90210123456789@lid\" id=\"1\"/>");
        Node group = NodeText.parse("<message from=\"120363@g.us\" participant=\"777:1@lid\" participant_pn=\"15550003333@s.whatsapp.net\" id=\"1\"/>");
        Node echo = NodeText.parse("<message from=\"15550001111:1@s.whatsapp.net\" recipient=\"888@lid\" peer_recipient_pn=\"15550004444@s.whatsapp.net\" id=\"1\"/>");
        Node devices = NodeText.parse("<notification type=\"devices\" from=\"15550002222@s.whatsapp.net\" lid=\"90210123456789@lid\"/>");
        Node garbled = NodeText.parse("<receipt from=\"15550002222@s.whatsapp.net\" sender_lid=\"not a jid\" id=\"1\"/>");
        assertEquals(Map.of(PN, LID), LidMappings.pairs(lidMessage));
        assertEquals(Map.of(PN, LID), LidMappings.pairs(pnMessage));
        assertEquals(Map.of(Jid.parse("15550003333@s.whatsapp.net"), Jid.parse("777@lid")), LidMappings.pairs(group));
        assertEquals(Map.of(Jid.parse("15550004444@s.whatsapp.net"), Jid.parse("888@lid")), LidMappings.pairs(echo));
        assertEquals(Map.of(PN, LID), LidMappings.pairs(devices));
        assertEquals(Map.of(), LidMappings.pairs(garbled));
        assertEquals(1, lids.learnFromStanza(group, LidMappings.Source.MESSAGE));
    }

    @Test
    void sessionDeviceIsTheLidTwinOnceKnownAndHostedOrLidDevicesStayAsNamed() {
        assertEquals(PN.withDevice(2), lids.sessionDevice(PN.withDevice(2)));
        lids.learn(PN, LID, LidMappings.Source.MESSAGE);
        assertEquals(LID.withDevice(2), lids.sessionDevice(PN.withDevice(2)));
        assertEquals(LID.withDevice(2), lids.sessionDevice(LID.withDevice(2)));
        Jid hosted = Jid.parse("15550002222:99@hosted");
        assertEquals(hosted, lids.sessionDevice(hosted));
    }

    @Test
    void aMessageNamingOneIdentityIsHandedOnWithBothOnceTheMappingIsKnown() {
        var byNumber = new ClientEvent.MessageReceived("1", PN, PN.withDevice(2), PN, null, null,
                java.time.Instant.EPOCH, new io.wabridge.client.message.content.Text("hi"),
                io.wabridge.proto.wa.Message.getDefaultInstance(), false);
        assertEquals(byNumber, lids.withBothIdentities(byNumber), "nothing known: as it came");
        lids.learn(PN, LID, LidMappings.Source.USYNC);
        assertEquals(LID, lids.withBothIdentities(byNumber).senderLid());
        var byLid = new ClientEvent.MessageReceived("2", LID, LID.withDevice(2), null, LID, null,
                java.time.Instant.EPOCH, new io.wabridge.client.message.content.Text("hi"),
                io.wabridge.proto.wa.Message.getDefaultInstance(), false);
        assertEquals(PN, lids.withBothIdentities(byLid).senderPn());
    }

    @Test
    void aFencedStoreStopsLearning() {
        provider.open("acme", 2).lidMappings().store(new LidPnMapping("1@lid", "1@s.whatsapp.net"));
        LidMappings stale = new LidMappings("acme", provider.open("acme", 1).lidMappings(), events::add);
        assertThrows(StoreFencedException.class, () -> stale.learn(PN, LID, LidMappings.Source.MESSAGE));
        assertTrue(events.isEmpty(), "nothing reported that was not stored");
    }

    /**
     * A session set up by phone number keeps working when the contact's LID becomes known: the cipher moves it (and
     * the peer identity) to the LID address on first use, deletes the phone-number one, and both sides go on with
     * msg, not a new pkmsg.
     */
    @Test
    void anExistingPhoneNumberSessionMovesToTheLidAddressWhenTheMappingAppears() throws Exception {
        Jid me = Jid.parse("15550001111:4@s.whatsapp.net");
        Jid bobDevice = PN.withDevice(2);
        SignalParty alice = SignalParty.create(account, me, io.wabridge.client.signal.store.IdentityPolicy.ACCEPT_CHANGES);
        SignalParty bob = SignalParty.create(provider, "bob", bobDevice);
        SignalCipher aliceCipher = new SignalCipher(alice.stores, lids);

        aliceCipher.processBundle(bobDevice, bob.bundle(1));
        roundTrip(aliceCipher, bobDevice, alice, bob, "hello by number");
        assertTrue(alice.stores.containsSession(SignalAddresses.of(bobDevice)));

        lids.learn(PN, LID, LidMappings.Source.MESSAGE);
        EncryptedMessage next = aliceCipher.encrypt(bobDevice, "after the mapping".getBytes(UTF_8));
        assertEquals(io.wabridge.client.signal.CiphertextType.MSG, next.type(), "the same session went on");
        assertArrayEquals("after the mapping".getBytes(UTF_8), bob.cipher.decrypt(me, next.type(), next.ciphertext()));
        assertTrue(alice.stores.containsSession(SignalAddresses.of(LID.withDevice(2))), "stored under the LID");
        assertFalse(alice.stores.containsSession(SignalAddresses.of(bobDevice)), "the number's copy is gone");

        // the contact writes from its LID device: the same session decrypts it
        EncryptedMessage fromLid = bob.cipher.encrypt(me, "by lid".getBytes(UTF_8));
        assertArrayEquals("by lid".getBytes(UTF_8), aliceCipher.decrypt(LID.withDevice(2), fromLid.type(), fromLid.ciphertext()));
        alice.stores.flush();
        assertTrue(account.signalSessions().load(SignalAddresses.of(LID.withDevice(2))).isPresent());
        assertTrue(account.signalSessions().load(SignalAddresses.of(bobDevice)).isEmpty());
        assertTrue(account.identities().load(SignalAddresses.of(LID.withDevice(2))).isPresent(), "identity moved too");
        assertNull(alice.identityChanges.isEmpty() ? null : alice.identityChanges, "no identity change reported");
    }

    private static void roundTrip(SignalCipher aliceCipher, Jid bobDevice, SignalParty alice, SignalParty bob, String text)
            throws Exception {
        EncryptedMessage m = aliceCipher.encrypt(bobDevice, text.getBytes(UTF_8));
        assertArrayEquals(text.getBytes(UTF_8), bob.cipher.decrypt(alice.jid, m.type(), m.ciphertext()));
        EncryptedMessage reply = bob.cipher.encrypt(alice.jid, ("re " + text).getBytes(UTF_8));
        assertArrayEquals(("re " + text).getBytes(UTF_8), aliceCipher.decrypt(bobDevice, reply.type(), reply.ciphertext()));
    }
}
