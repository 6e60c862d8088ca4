package io.wabridge.bridge.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wabridge.bridge.failover.FailoverCluster.Party;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed (SIGKILL) in the middle of a group conversation carried through Kafka alone: two bridge
 * workers, one session in a group with two simulated contacts. Before the kill our client sends into the group (its
 * sender key distributed pairwise) and reads both contacts (their keys received); the worker running the session is
 * killed; while the session is down both contacts keep writing into the group (the server keeps it in the offline
 * mailbox); the session resumes on the other worker from MongoDB; then every group message the contacts wrote is on the
 * events topic exactly once (those written during the outage decrypt with the sender keys the killed worker stored), and
 * our next group send decrypts at both contacts with our old sender key (the same key id; the resumed session may send
 * it again, its memory of who holds it being per process).
 */
class GroupFailoverIT {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final int OUTAGE_MESSAGES = 4;

    private FailoverCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerKilledMidGroupConversationLosesNoMessageAndNoSenderKey() throws Exception {
        Path jar = Path.of(System.getProperty("wabridge.bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        assumeTrue(Files.isRegularFile(jar), "the bridge is not packaged (" + jar + "); run in the integration-test phase");
        long t0 = System.nanoTime();
        cluster = new FailoverCluster(jar, Path.of("target", "failover-logs", "group"), FailoverCluster.Database.MONGO, 1);
        cluster.startWorkers(2);
        cluster.pairAll(LIMIT);
        Party party = cluster.parties.getFirst();
        String session = party.session();
        SimulatedContact alice = party.contact();
        SimulatedContact bob = cluster.simulator.accounts().messaging()
                .contact(cluster.simulator.accounts().create("15553000001"));
        SimGroup group = cluster.simulator.accounts().groups().create("Failover group", alice.account(),
                List.of(party.account(), bob.account()), false);
        Jid ours = party.account().jid();
        List<SimulatedContact> members = List.of(alice, bob);

        // before: our first group send distributes our key; each contact writes (its key reaches us pairwise)
        String before = send(session, group.jid(), "before the kill", "gf-1");
        Map<SimulatedContact, Integer> ourKey = new LinkedHashMap<>();
        for (SimulatedContact member : members) {
            assertEquals(before, readAt(member, group.jid(), "before the kill").id());
            List<Integer> keys = member.senderKeyDistributions(group.jid(), ours);
            assertEquals(1, keys.size(), "our key reached " + member + " once: " + keys);
            ourKey.put(member, keys.getFirst());
        }
        List<String> inbound = new ArrayList<>();
        inbound.add(alice.sendToGroup(group, new Text("alice before")));
        inbound.add(bob.sendToGroup(group, new Text("bob before")));
        awaitPublished(session, inbound, "the messages before the kill");
        // acknowledged at WhatsApp too (after Kafka acked them), so none is redelivered to the next worker
        int device = party.account().deviceIds().stream().filter(d -> d != 0).findFirst().orElseThrow();
        FailoverCluster.await("the contacts' messages acknowledged", LIMIT,
                () -> cluster.simulator.accounts().messaging().pending(party.account(), device) == 0);

        // the kill: SIGKILL of the worker running the session
        String owner = cluster.ownership().owners().get(session).getFirst();
        WorkerProcess victim = cluster.workers().stream().filter(w -> w.name().equals(owner)).findFirst().orElseThrow();
        long killed = System.nanoTime();
        victim.kill();
        cluster.forget(victim);

        // during the outage both contacts keep writing into the group
        for (int i = 0; i < OUTAGE_MESSAGES; i++) {
            inbound.add(alice.sendToGroup(group, new Text("alice during the outage " + i)));
            inbound.add(bob.sendToGroup(group, new Text("bob during the outage " + i)));
        }
        FailoverCluster.await("the session open again on the other worker", LIMIT,
                () -> cluster.ownership().allOpenOnce(1) && party.account().connectedDevices().size() == 1);
        double resumed = (System.nanoTime() - killed) / 1e9;

        // every contact message is on the events topic exactly once
        awaitPublished(session, inbound, "the messages written before and during the outage");
        FailoverCluster.await("the outage's messages acknowledged", LIMIT,
                () -> cluster.simulator.accounts().messaging().pending(party.account(), device) == 0);
        EventIndex events = cluster.events();
        for (String id : inbound) {
            assertEquals(1, events.published(session, id), "message " + id + " published once");
        }

        // after: our next group send decrypts at both contacts with the sender key stored before the kill
        String after = send(session, group.jid(), "after the kill", "gf-2");
        for (SimulatedContact member : members) {
            assertEquals(after, readAt(member, group.jid(), "after the kill").id());
            // The distribution memory (which devices hold our key) is per process, so the resumed session may send its
            // key again: the same key (read back from MongoDB), never a new one.
            List<Integer> keys = member.senderKeyDistributions(group.jid(), ours);
            assertTrue(keys.stream().allMatch(ourKey.get(member)::equals),
                    "our sender key survived the kill (no new key id at " + member + "): " + keys);
        }
        String last = alice.sendToGroup(group, new Text("alice after"));
        awaitPublished(session, List.of(last), "alice's message after the recovery");
        assertEquals(1, cluster.events().published(session, last));
        System.out.printf("[group-failover] resumed %.1f s after the kill; %d group messages in, each published once;"
                + " whole scenario %.1f s%n", resumed, inbound.size() + 1, (System.nanoTime() - t0) / 1e9);
    }

    /** A send_message command to the group; returns the message id of its ok result. */
    private String send(String session, Jid group, String text, String commandId) throws Exception {
        cluster.command(session, "{\"commandId\":\"" + commandId + "\",\"sendMessage\":{\"to\":\"" + group
                + "\",\"content\":{\"text\":\"" + text + "\"}}}").get(30, TimeUnit.SECONDS);
        FailoverCluster.await("the result of " + commandId, LIMIT, () -> cluster.events().result(commandId) != null);
        assertEquals("ok", cluster.events().result(commandId), commandId);
        // the message id: the one the contacts read (checked by the caller)
        return cluster.events().messageIdOf(commandId);
    }

    private void awaitPublished(String session, List<String> ids, String what) throws InterruptedException {
        FailoverCluster.await(what + " on the events topic", LIMIT, () -> {
            EventIndex events = cluster.events();
            return ids.stream().allMatch(id -> events.published(session, id) > 0);
        });
    }

    private static ContactMessage readAt(SimulatedContact contact, Jid group, String text) throws InterruptedException {
        ContactMessage m = contact.awaitText(group, text, LIMIT);
        if (m == null) {
            throw new AssertionError(contact + " did not read '" + text + "' in " + group + "; read "
                    + contact.messagesAfter(0, Duration.ZERO));
        }
        return m;
    }
}
