package io.wabridge.bridge.failover;

import io.wabridge.bridge.failover.FailoverCluster.Party;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.contact.ContactMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady traffic through the bridge during a scenario: contacts write to their accounts (inbound), and
 * send_message commands with fresh command ids go to the contacts (outbound), some of them produced twice with
 * the same command id. It records what Kafka and WhatsApp acknowledged, and checks afterwards what arrived.
 */
final class LoadDriver {
    private final FailoverCluster cluster;
    private final String tag;
    private final Duration inboundEvery;
    private final Duration commandEvery;
    /** Contact message id -> session it was sent to (acknowledged by the server). */
    final Map<String, String> inbound = new ConcurrentHashMap<>();
    /** Contact message id -> its place in the sending order (a party's messages go out in that order). */
    final Map<String, Integer> inboundSeq = new ConcurrentHashMap<>();
    final AtomicInteger inboundUnacked = new AtomicInteger();
    /** Command id -> its party (acknowledged by Kafka at least once). */
    final Map<String, Party> commands = new ConcurrentHashMap<>();
    final AtomicInteger commandsUnacked = new AtomicInteger();
    final AtomicInteger duplicatesProduced = new AtomicInteger();
    private volatile boolean running;
    private Thread inboundThread;
    private Thread commandThread;

    LoadDriver(FailoverCluster cluster, String tag, int inboundPerSecond, int commandsPerSecond) {
        this.cluster = cluster;
        this.tag = tag;
        this.inboundEvery = Duration.ofNanos(1_000_000_000L / inboundPerSecond);
        this.commandEvery = Duration.ofNanos(1_000_000_000L / commandsPerSecond);
    }

    LoadDriver start() {
        running = true;
        inboundThread = Thread.ofVirtual().name("load-in-" + tag).start(this::sendInbound);
        commandThread = Thread.ofVirtual().name("load-cmd-" + tag).start(this::sendCommands);
        return this;
    }

    /** Stops producing and waits for the acknowledgements still outstanding (bounded by the send timeouts). */
    void stop() throws InterruptedException {
        running = false;
        inboundThread.join();
        commandThread.join();
    }

    private void sendInbound() {
        List<Party> parties = cluster.parties;
        for (int n = 0; running; n++) {
            Party p = parties.get(n % parties.size());
            String text = tag + "-in-" + n;
            int seq = n;
            p.contact().sendAsync(p.accountJid(), new Text(text)).whenComplete((id, failure) -> {
                if (failure == null) {
                    inboundSeq.put(id, seq);
                    inbound.put(id, p.session());
                } else {
                    inboundUnacked.incrementAndGet();
                }
            });
            pause(inboundEvery);
        }
    }

    private void sendCommands() {
        List<Party> parties = cluster.parties;
        for (int n = 0; running; n++) {
            // Offset by 7 so a session's inbound and outbound traffic do not move in lockstep.
            Party p = parties.get((n + 7) % parties.size());
            String commandId = tag + "-cmd-" + n;
            String json = "{\"commandId\":\"" + commandId + "\",\"sendMessage\":{\"to\":\"+"
                    + p.contact().account().phoneNumber() + "\",\"content\":{\"text\":\"" + commandId + "\"}}}";
            produce(p, commandId, json);
            if (n % 5 == 0) { // the same command delivered again, as a producer retrying after a timeout would
                duplicatesProduced.incrementAndGet();
                produce(p, commandId, json);
            }
            pause(commandEvery);
        }
    }

    /** {@code n} extra send_message commands at once (a burst), recorded like the steady ones. */
    void burst(String name, int n) {
        List<Party> parties = cluster.parties;
        for (int i = 0; i < n; i++) {
            Party p = parties.get(i % parties.size());
            String commandId = tag + "-" + name + "-" + i;
            produce(p, commandId, "{\"commandId\":\"" + commandId + "\",\"sendMessage\":{\"to\":\"+"
                    + p.contact().account().phoneNumber() + "\",\"content\":{\"text\":\"" + commandId + "\"}}}");
        }
    }

    private void produce(Party p, String commandId, String json) {
        cluster.command(p.session(), json).whenComplete((ok, failure) -> {
            if (failure == null) {
                commands.put(commandId, p);
            } else {
                commandsUnacked.incrementAndGet();
            }
        });
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the contacts received from the bridge: command id (the text) -> WhatsApp message ids and copies. */
    static final class Received {
        private final Map<Party, Long> cursors = new HashMap<>();
        final Map<String, Set<String>> idsByCommand = new HashMap<>();
        final Map<String, Integer> copiesByCommand = new HashMap<>();

        void collect(List<Party> parties) throws InterruptedException {
            for (Party p : parties) {
                long from = cursors.getOrDefault(p, 0L);
                List<ContactMessage> got = p.contact().messagesAfter(from, Duration.ZERO);
                for (ContactMessage m : got) {
                    String text = m.text();
                    if (text != null && !m.fromOwnDevice()) {
                        idsByCommand.computeIfAbsent(text, t -> new HashSet<>()).add(m.id());
                        copiesByCommand.merge(text, 1, Integer::sum);
                    }
                    from = Math.max(from, m.seq());
                }
                cursors.put(p, from);
            }
        }
    }
}
