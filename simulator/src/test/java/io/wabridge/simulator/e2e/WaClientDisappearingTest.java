package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.disappearing.Disappearing;
import io.wabridge.client.disappearing.DisappearingException;
import io.wabridge.client.disappearing.Expiration;
import io.wabridge.client.disappearing.TimerChange;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.group.SimGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Disappearing messages against the simulator: the default timer reaches the server (and a value WhatsApp does not
 * offer is refused); a 1:1 timer set here reaches the contact's phone, is stored with the chat, and every message
 * sent to the chat carries it, while the contact's messages carry theirs; the contact's change of the timer arrives
 * as an event and is stored; a group timer set by an admin on their phone arrives and is honoured, and a member who
 * is not an admin of a locked group is refused.
 */
class WaClientDisappearingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    final SimulatedSetup.PerTest setups = new SimulatedSetup.PerTest();
    private SimulatedSetup setup;

    @Test
    void oneToOneTimersGoBothWaysAndAreKept() throws Exception {
        setup = setups.link();
        Disappearing timers = setup.client.disappearing();
        Jid alice = setup.alice.account().jid();

        TimerChange byDefault = get(timers.setDefault(86_400));
        assertEquals(TimerChange.Scope.DEFAULT, byDefault.scope());
        assertEquals(86_400, setup.simulator.accounts().messaging().defaultTimers().defaultTimer(setup.me));
        assertEquals(DisappearingException.Reason.INVALID_DURATION, refused(timers.setDefault(3_600)));
        assertEquals(DisappearingException.Reason.INVALID_DURATION, refused(timers.setChat(alice, 12)));
        assertEquals(DisappearingException.Reason.INVALID_CHAT, refused(timers.setChat(Jid.STATUS_BROADCAST, 86_400)));

        // ours: the contact's phone takes it, the chat keeps it, our messages carry it
        TimerChange set = get(timers.setChat(alice, 604_800));
        assertFalse(set.elsewhere());
        assertEquals(alice, set.chat());
        TimerChange ownEvent = awaitChange(c -> c.scope() == TimerChange.Scope.CHAT);
        assertFalse(ownEvent.elsewhere());
        assertEquals(604_800, ownEvent.seconds());
        ContactMessage setting = awaitAt(m -> m.content() instanceof EphemeralSetting);
        assertEquals(604_800, ((EphemeralSetting) setting.content()).expirationSeconds());
        assertEquals(604_800, setup.alice.timers().timer(setup.me.jid()));
        assertEquals(604_800, get(timers.timer(alice)));
        assertEquals(604_800, setup.store.threads().load(alice.toString()).orElseThrow().ephemeralExpiration());

        get(setup.client.sendMessage(alice, new Text("vanishing")));
        ContactMessage sent = setup.alice.awaitText(setup.me.jid(), "vanishing", WAIT);
        assertNotNull(sent, "the text arrived");
        assertEquals(604_800, Expiration.of(sent.message()), "it carries the chat's timer");
        assertInstanceOf(ExtendedText.class, sent.content(), "a text in an ephemeral chat has a context");

        // theirs: the contact's messages carry the timer, its change of the timer arrives and is kept
        setup.alice.sendText(setup.me.jid(), "from alice");
        ClientEvent.MessageReceived reply = awaitMessage(m -> m.content() instanceof ExtendedText t
                && t.text().equals("from alice"));
        assertEquals(604_800, Expiration.of(reply.message()));
        setup.alice.send(setup.me.jid(), new EphemeralSetting(86_400, System.currentTimeMillis() / 1000 + 5));
        TimerChange theirs = awaitChange(c -> c.elsewhere() && c.scope() == TimerChange.Scope.CHAT);
        assertEquals(86_400, theirs.seconds());
        assertEquals(alice, theirs.chat());
        assertEquals(alice, theirs.actor());
        assertEquals(86_400, get(timers.timer(alice)));
        assertEquals(86_400, setup.store.threads().load(alice.toString()).orElseThrow().ephemeralExpiration());
        get(setup.client.sendMessage(alice, new Text("shorter")));
        assertEquals(86_400, Expiration.of(setup.alice.awaitText(setup.me.jid(), "shorter", WAIT).message()));

        // off: nothing carried any more
        get(timers.setChat(alice, 0));
        get(setup.client.sendMessage(alice, new Text("plain")));
        ContactMessage plain = setup.alice.awaitText(setup.me.jid(), "plain", WAIT);
        assertEquals(0, Expiration.of(plain.message()));
        assertInstanceOf(Text.class, plain.content());
    }

    @Test
    void groupTimersFollowTheAdminsAndALockedGroupRefusesOthers() throws Exception {
        setup = setups.link();
        Disappearing timers = setup.client.disappearing();
        var groups = setup.simulator.accounts().groups();
        SimGroup theirs = groups.create("Alice's", setup.alice.account(), List.of(setup.me), false);
        Jid g = theirs.jid();

        assertEquals("result", groups.changeOnPhone(setup.alice.account(), theirs,
                Node.builder("ephemeral").attr("expiration", 604_800).build()).attr("type"));
        TimerChange change = awaitChange(c -> c.scope() == TimerChange.Scope.GROUP);
        assertTrue(change.elsewhere());
        assertEquals(g, change.chat());
        assertEquals(604_800, change.seconds());
        assertEquals(604_800, get(timers.timer(g)));
        get(setup.client.sendMessage(g, new Text("to the group")));
        ContactMessage inGroup = setup.alice.awaitText(g, "to the group", WAIT);
        assertNotNull(inGroup, "the group message arrived");
        assertEquals(604_800, Expiration.of(inGroup.message()));

        assertEquals("result", groups.changeOnPhone(setup.alice.account(), theirs, Node.of("locked")).attr("type"));
        ExecutionException notAdmin = assertThrows(ExecutionException.class,
                () -> timers.setChat(g, 86_400).get(30, TimeUnit.SECONDS));
        assertEquals(GroupAdminException.Reason.NOT_ADMIN,
                assertInstanceOf(GroupAdminException.class, notAdmin.getCause()).reason());
        assertEquals(604_800, theirs.ephemeral(), "unchanged");

        // our own group: we are its admin
        GroupMetadata ours = get(setup.client.groups().create("Ours", List.of(setup.alice.account().jid())));
        TimerChange own = get(timers.setChat(ours.jid(), 86_400));
        assertFalse(own.elsewhere());
        assertEquals(86_400, groups.find(ours.jid()).orElseThrow().ephemeral());
        assertEquals(86_400, get(timers.timer(ours.jid())));
    }

    private TimerChange awaitChange(Predicate<TimerChange> wanted) throws InterruptedException {
        while (true) {
            TimerChange c = setup.await(ClientEvent.Disappearing.class).change();
            if (wanted.test(c)) {
                return c;
            }
        }
    }

    private ClientEvent.MessageReceived awaitMessage(Predicate<ClientEvent.MessageReceived> wanted)
            throws InterruptedException {
        while (true) {
            ClientEvent.MessageReceived m = setup.await(ClientEvent.MessageReceived.class);
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** A message alice's phone received that matches, waiting up to 30 s. */
    private ContactMessage awaitAt(Predicate<ContactMessage> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            for (ContactMessage m : setup.alice.messagesAfter(seen, Duration.ofMillis(500))) {
                if (wanted.test(m)) {
                    return m;
                }
                seen = m.seq();
            }
        }
        throw new AssertionError("alice's phone got no such message within " + WAIT);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static DisappearingException.Reason refused(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(DisappearingException.class, e.getCause()).reason();
    }
}
