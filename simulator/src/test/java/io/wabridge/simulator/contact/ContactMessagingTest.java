package io.wabridge.simulator.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import io.wabridge.simulator.messaging.MessagingService;
import io.wabridge.simulator.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two simulated phones talking through the server's routing, with real Signal on both ends (no sockets). */
class ContactMessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AccountRegistry accounts = new AccountRegistry(Clock.systemUTC());
    private final MessagingService messaging = accounts.messaging();
    private final SimulatedContact alice = messaging.contact(accounts.create("15550000001"));
    private final SimulatedContact bob = messaging.contact(accounts.create("15550000002"));

    @AfterEach
    void stop() {
        messaging.close();
    }

    @Test
    void aFirstMessageStartsTheSessionAndTheAnswerUsesIt() throws Exception {
        alice.pushName("Alice");
        String id = alice.sendText(bob.jid(), "hello bob");

        ContactMessage received = bob.awaitMessage(WAIT);
        assertNotNull(received, "bob got nothing");
        assertEquals(id, received.id());
        assertEquals("hello bob", received.text());
        assertEquals("pkmsg", received.cipherType());
        assertEquals(alice.jid(), received.from());
        assertEquals(alice.jid(), received.chat());
        assertEquals("Alice", received.pushName());
        assertEquals("text", received.type());

        bob.sendText(alice.jid(), "hi alice");
        ContactMessage answer = alice.awaitMessage(WAIT);
        assertEquals("hi alice", answer.text());
        assertEquals("msg", answer.cipherType(), "bob answers in the session alice's pkmsg started");

        alice.sendText(bob.jid(), "second");
        ContactMessage second = bob.awaitMessage(WAIT);
        assertEquals("second", second.text());
        assertEquals("msg", second.cipherType());
    }

    @Test
    void theSenderGetsADeliveryReceiptAndAReadReceiptOnRequest() throws Exception {
        String id = alice.sendText(bob.jid(), "read me");
        ContactReceipt delivered = alice.awaitReceipt(WAIT);
        assertNotNull(delivered, "no delivery receipt");
        assertEquals(id, delivered.id());
        assertTrue(delivered.isDelivery());
        assertEquals(bob.jid(), delivered.from());

        bob.markRead(bob.awaitMessage(WAIT));
        ContactReceipt read = alice.awaitReceipt(WAIT);
        assertEquals("read", read.type());
        assertEquals(id, read.id());
    }

    @Test
    void anUndecryptableMessageIsAskedForAgainAndArrivesOnce() throws Exception {
        alice.sendText(bob.jid(), "establish");
        assertEquals("establish", bob.awaitMessage(WAIT).text());
        alice.awaitReceipt(WAIT);

        alice.corruptNext();
        String id = alice.sendText(bob.jid(), "broken then fixed");
        ContactReceipt retry = alice.awaitReceipt(WAIT);
        assertEquals("retry", retry.type(), "bob asks for the message again");
        assertEquals(id, retry.id());

        ContactMessage fixed = bob.awaitMessage(WAIT);
        assertNotNull(fixed, "the retried message never arrived");
        assertEquals(id, fixed.id());
        assertEquals("broken then fixed", fixed.text());
        assertNull(bob.awaitMessage(Duration.ofMillis(200)), "the message arrived twice");
    }

    @Test
    void aBrokenFirstMessageIsRecoveredToo() throws Exception {
        alice.corruptNext();
        String id = alice.sendText(bob.jid(), "broken pkmsg");
        assertEquals("retry", alice.awaitReceipt(WAIT).type());
        ContactMessage fixed = bob.awaitMessage(WAIT);
        assertEquals(id, fixed.id());
        assertEquals("broken pkmsg", fixed.text());
        assertEquals("pkmsg", fixed.cipherType());
    }

    @Test
    void typedContentTravelsWithItsStanzaType() throws Exception {
        String id = alice.sendText(bob.jid(), "react to this");
        bob.awaitMessage(WAIT);
        bob.send(alice.jid(), new Reaction(new MessageRef(alice.jid().toString(), false, id, null), "👍", 1L));
        ContactMessage reaction = alice.awaitMessage(WAIT);
        assertEquals("reaction", reaction.type());
        Reaction content = (Reaction) reaction.content();
        assertEquals("👍", content.emoji());
        assertEquals(id, content.target().id());
        assertNull(reaction.text());

        alice.send(bob.jid(), new ExtendedText("with mentions", java.util.List.of(bob.jid().toString()), null, null, 0));
        ContactMessage extended = bob.awaitMessage(WAIT);
        assertTrue(extended.content() instanceof ExtendedText);
        assertEquals("with mentions", extended.text(), "text() reads extended text too");
    }

    @Test
    void sendingToSomeoneWithoutAnAccountFails() {
        ContactSendException e = assertThrows(ContactSendException.class,
                () -> alice.send(Jid.pn("15559999999"), new Text("anyone?")));
        assertTrue(e.getMessage().contains("15559999999"), e.getMessage());
    }

    @Test
    void thePhonesIdentityIsTheAccountKeyAndItPublishesMorePreKeysWhenLow() throws Exception {
        PhoneAccount account = bob.account();
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            PreKeyBundle bundle = messaging.takeBundle(account, 0);
            assertTrue(java.util.Arrays.equals(account.accountPublicKey(), bundle.identityKey()));
            assertNotNull(bundle.oneTimePreKey(), "the phone ran out at bundle " + i);
            assertTrue(handedOut.add(bundle.oneTimePreKey().id()), "prekey handed out twice");
            Waits.until(() -> account.preKeyCount(0) >= ContactKeys.REFILL_BELOW, "the phone publishes more prekeys");
        }
        // Sessions built on any of those bundles decrypt: the phone kept every private half.
        alice.sendText(bob.jid(), "after many fetches");
        assertEquals("after many fetches", bob.awaitMessage(WAIT).text());
    }
}
