package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.group.SenderKeyRecord;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client in a group with two simulated contacts (real sender keys on both sides) through the simulator's group
 * routing, in both addressing modes: each side sends and every other member reads; removing a member rotates our
 * key, so the removed one cannot read our next message while the rest can.
 */
class WaClientGroupTest {
    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private static ContactMessage awaitIn(SimulatedContact contact, Jid group, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ContactMessage m = contact.awaitMessage(Duration.ofMillis(200));
            if (m != null && m.chat().equals(group) && text.equals(m.text())) {
                return m;
            }
        }
        return null;
    }

    /** The id of our current sender key in the group, as stored (named by our device in the group's addressing). */
    private int ownKeyId(SimGroup group, boolean lid) {
        Jid own = lid ? setup.me.deviceLid(1) : setup.me.deviceJid(1);
        byte[] record = setup.store.senderKeys().load(new SenderKeyName(group.jid().toString(), SignalAddresses.of(own)))
                .orElseThrow();
        return SenderKeyRecord.parse(record).current().keyId();
    }

    /** Until everything delivered to our client's device was acknowledged. */
    private static void awaitAcked(SimulatedSetup setup) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (setup.simulator.accounts().messaging().pending(setup.me, 1) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, setup.simulator.accounts().messaging().pending(setup.me, 1), "our client acked everything");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void membersReadEachOtherAndARemovedMemberCannotReadOurNextMessage(boolean lid) throws Exception {
        setup = new SimulatedSetup().link();
        PhoneAccount bobAccount = setup.simulator.accounts().create("15550003333");
        SimulatedContact alice = setup.alice;
        SimulatedContact bob = setup.simulator.accounts().messaging().contact(bobAccount);
        SimGroup group = setup.simulator.accounts().groups().create("Team", setup.me,
                List.of(alice.account(), bobAccount), lid);

        // our client -> group: the first message distributes our key, the second is one skmsg
        SendResult first = setup.client.sendMessage(group.jid(), new Text("hello team"), "g-1").get(30, TimeUnit.SECONDS);
        assertEquals(first.messageId(), awaitIn(alice, group.jid(), "hello team").id());
        ContactMessage atBob = awaitIn(bob, group.jid(), "hello team");
        assertNotNull(atBob);
        // the group's metadata named every member's number and LID: they feed the mappings first
        assertTrue(setup.all.contains(new ClientEvent.LidMappingLearned(bobAccount.jid(), bobAccount.lidJid(), "group",
                null)), setup.all.toString());
        assertEquals("skmsg", atBob.cipherType());
        setup.client.sendMessage(group.jid(), new Text("second"), "g-2").get(30, TimeUnit.SECONDS);
        assertNotNull(awaitIn(alice, group.jid(), "second"));
        assertNotNull(awaitIn(bob, group.jid(), "second"));

        // contacts -> group: our client reads both, with the group as chat and the sender's PN and LID
        alice.sendToGroup(group, new Text("from alice"));
        ClientEvent.MessageReceived fromAlice = setup.awaitText("from alice");
        assertEquals(group.jid(), fromAlice.chat());
        assertEquals(alice.account().jid(), fromAlice.senderPn());
        assertEquals(alice.account().lidJid(), fromAlice.senderLid());
        bob.sendToGroup(group, new Text("from bob 1"));
        bob.sendToGroup(group, new Text("from bob 2"));
        assertEquals(group.jid(), setup.awaitText("from bob 1").chat());
        assertEquals(group.jid(), setup.awaitText("from bob 2").chat());
        assertNotNull(awaitIn(alice, group.jid(), "from bob 2"), "contacts read each other too");

        // bob is removed: our key rotates, bob cannot read what follows, alice can
        int keyBefore = ownKeyId(group, lid);
        setup.simulator.accounts().groups().remove(group, setup.me, List.of(bobAccount));
        awaitAcked(setup); // the notification reached our client
        setup.client.sendMessage(group.jid(), new Text("after bob left"), "g-3").get(30, TimeUnit.SECONDS);
        assertNotNull(awaitIn(alice, group.jid(), "after bob left"), "alice reads the new key");
        assertNull(awaitIn(bob, group.jid(), "after bob left"), "bob is out and holds only the old key");
        assertNotEquals(keyBefore, ownKeyId(group, lid), "a new sender key after the removal");
        assertTrue(setup.all.stream().noneMatch(e -> e instanceof ClientEvent.DecryptFailed), setup.all.toString());
    }

    @Test
    void aMessageFromAMemberWhoseKeyWeLostIsRecoveredByARetry() throws Exception {
        setup = new SimulatedSetup().link();
        SimulatedContact alice = setup.alice;
        SimGroup group = setup.simulator.accounts().groups().create("Pair", alice.account(), List.of(setup.me), false);
        alice.sendToGroup(group, new Text("first"));
        setup.awaitText("first");
        awaitAcked(setup); // acked only after the batch's flush: alice's key is stored now
        setup.store.senderKeys().deleteGroup(group.jid().toString()); // as if our store lost alice's key
        setup.restartClient();
        alice.sendToGroup(group, new Text("needs a retry"));
        ClientEvent.MessageReceived recovered = setup.awaitText("needs a retry");
        assertEquals(group.jid(), recovered.chat());
        ClientEvent.DecryptFailed failed = setup.last(ClientEvent.DecryptFailed.class);
        assertNotNull(failed, "the skmsg failed first: " + setup.all);
        assertTrue(failed.willRetry());
    }

    @Test
    void inAnAnnouncementGroupOnlyAdminsSend() throws Exception {
        setup = new SimulatedSetup().link();
        SimulatedContact alice = setup.alice;
        PhoneAccount bobAccount = setup.simulator.accounts().create("15550003333");
        SimulatedContact bob = setup.simulator.accounts().messaging().contact(bobAccount);
        SimGroup group = setup.simulator.accounts().groups().create("News", alice.account(),
                List.of(setup.me, bobAccount), false);
        setup.client.sendMessage(group.jid(), new Text("before"), "a-1").get(30, TimeUnit.SECONDS); // metadata cached
        assertNotNull(awaitIn(alice, group.jid(), "before"));

        setup.simulator.accounts().groups().announcement(group, alice.account(), true);
        // the server refuses a member who is no admin (a contact's raw send: no client-side check in the way)
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> bob.sendToGroupAsync(group, new Text("from bob")).get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("error 401"), refused.getCause().getMessage());
        // our client: the settings notification dropped the cached metadata; the send fails with NOT_ADMIN
        java.util.concurrent.ExecutionException ours = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> setup.client.sendMessage(group.jid(), new Text("not allowed"), "a-2").get(30, TimeUnit.SECONDS));
        io.wabridge.client.group.GroupSendException notAdmin = org.junit.jupiter.api.Assertions.assertInstanceOf(
                io.wabridge.client.group.GroupSendException.class, ours.getCause());
        assertEquals(io.wabridge.client.group.GroupSendException.Reason.NOT_ADMIN, notAdmin.reason());

        // the admin still sends; announcement off again, so do we
        alice.sendToGroup(group, new Text("admins only"));
        assertEquals(group.jid(), setup.awaitText("admins only").chat());
        setup.simulator.accounts().groups().announcement(group, alice.account(), false);
        awaitAcked(setup);
        setup.client.sendMessage(group.jid(), new Text("open again"), "a-3").get(30, TimeUnit.SECONDS);
        // alice reads in order: nothing from bob came before our last message
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ContactMessage m;
        do {
            m = alice.awaitMessage(Duration.ofMillis(200));
            assertTrue(m == null || !"from bob".equals(m.text()), "the refused message reached alice");
        } while ((m == null || !"open again".equals(m.text())) && System.nanoTime() < deadline);
        assertEquals("open again", m == null ? null : m.text());
    }

    /** Our send of {@code text} to {@code group} fails with {@code NOT_ADMIN}: the exception. */
    private io.wabridge.client.group.GroupSendException notAdmin(SimGroup group, String text, String id) {
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> setup.client.sendMessage(group.jid(), new Text(text), id).get(30, TimeUnit.SECONDS));
        io.wabridge.client.group.GroupSendException refused = org.junit.jupiter.api.Assertions.assertInstanceOf(
                io.wabridge.client.group.GroupSendException.class, failed.getCause());
        assertEquals(io.wabridge.client.group.GroupSendException.Reason.NOT_ADMIN, refused.reason(), refused.getMessage());
        return refused;
    }

    @Test
    void aMessageTheServerRefusesAsANonAdminsFailsWithNotAdmin() throws Exception {
        setup = new SimulatedSetup().link();
        SimulatedContact alice = setup.alice;
        SimGroup group = setup.simulator.accounts().groups().create("Board", alice.account(), List.of(setup.me), false);
        setup.client.sendMessage(group.jid(), new Text("before"), "r-1").get(30, TimeUnit.SECONDS); // metadata cached
        assertNotNull(awaitIn(alice, group.jid(), "before"));

        // alice makes it announcement-only and the notification is lost: our cached metadata says anyone may send
        setup.simulator.accounts().groups().withholdNotifications(true);
        try {
            setup.simulator.accounts().groups().announcement(group, alice.account(), true);
            // the server refuses it (ack 401)
            assertTrue(notAdmin(group, "refused", "r-2").getMessage().contains("401"));
            // the refusal dropped the cached metadata: the next send asks again, sees the mode and refuses before encrypting
            assertTrue(notAdmin(group, "refused again", "r-3").getMessage().contains("announcement group"));
        } finally {
            setup.simulator.accounts().groups().withholdNotifications(false);
        }
        // alice's next message is the first thing she gets after "before": nothing refused reached her
        alice.sendToGroup(group, new Text("admins only"));
        assertEquals(group.jid(), setup.awaitText("admins only").chat());
        ContactMessage next = alice.awaitMessage(Duration.ofSeconds(2));
        assertTrue(next == null || !next.text().startsWith("refused"), "a refused message reached alice: " + next);
    }
}
