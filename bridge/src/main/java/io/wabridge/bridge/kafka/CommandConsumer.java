package io.wabridge.bridge.kafka;

import io.wabridge.bridge.command.CommandDispatcher;
import io.wabridge.bridge.session.SessionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The command consumer: one plain KafkaConsumer on its own thread (Reactive Messaging would commit on its own
 * terms; the bridge needs to commit exactly what it finished). Each polled record is tracked by the
 * {@link OffsetTracker} and handed to the {@link CommandDispatcher}, which never blocks; finished offsets are
 * committed every commit interval, on revocation and at shutdown. Above {@code maxInFlight} unfinished commands
 * the assigned partitions are paused until half of them finished.
 *
 * <p>Revocation (cooperative: only the partitions that move): wait for their unfinished commands (up to the drain
 * timeout), commit them, then disconnect their sessions before the partitions go to another worker. Lost
 * partitions (the group moved on without us) are let go without a commit: another worker already has them.
 */
public final class CommandConsumer implements Runnable {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Supplier<Consumer<byte[], byte[]>> factory;
    private final String topic;
    private final CommandDispatcher dispatcher;
    private final SessionManager sessions;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Duration commitInterval;
    private final Duration drainTimeout;
    private final int maxInFlight;
    private final Runnable prepare;
    private final GroupMembership membership;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private boolean paused;
    /** Set once shutdown let every partition go: the revocation close() reports next has nothing left to do. */
    private boolean finished;
    private long lastCommitNanos = System.nanoTime();

    /**
     * @param prepare runs (and is retried until it succeeds) before the first poll: what commands need in place,
     *                e.g. MongoDB indexes
     */
    public CommandConsumer(Supplier<Consumer<byte[], byte[]>> factory, String topic, CommandDispatcher dispatcher,
                           SessionManager sessions, Duration commitInterval, Duration drainTimeout, int maxInFlight,
                           Runnable prepare, GroupMembership membership) {
        this.factory = factory;
        this.topic = topic;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.commitInterval = commitInterval;
        this.drainTimeout = drainTimeout;
        this.maxInFlight = maxInFlight;
        this.prepare = prepare;
        this.membership = membership;
    }

    public OffsetTracker offsets() {
        return offsets;
    }

    @Override
    public void run() {
        try {
            if (!prepared()) {
                return;
            }
            consumer = factory.get();
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                        dispatcher.dispatch(record, offsets.track(tp, record.offset()));
                    }
                }
                membership.observe(consumer);
                commitIfDue();
                applyBackPressure();
            }
            finish();
        } catch (RuntimeException e) {
            LOG.error("the command consumer stopped on an unexpected failure", e);
        } finally {
            if (consumer != null) {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                } catch (RuntimeException e) {
                    LOG.warnf("closing the consumer: %s", e.toString());
                }
            }
            stopped.countDown();
        }
    }

    /** Stops consuming; the thread then finishes what it has, commits and lets every partition go. */
    public void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Waits for the consumer thread to finish its shutdown. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Retries {@code prepare} with a doubling pause (2 s up to 30 s): a database down at start-up is no crash loop. */
    private boolean prepared() {
        Duration pause = RETRY;
        while (running) {
            try {
                prepare.run();
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("not consuming commands yet (retrying in %d s): %s", pause.toSeconds(), e.toString());
                try {
                    Thread.sleep(pause);
                    pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Shutdown: the assigned partitions are revoked by hand (finish, commit, disconnect) before close leaves. */
    private void finish() {
        List<TopicPartition> assigned = new ArrayList<>(consumer.assignment());
        letGo(assigned, true);
        finished = true;
    }

    private void commitIfDue() {
        if (System.nanoTime() - lastCommitNanos < commitInterval.toNanos()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> due = offsets.committable();
        if (due.isEmpty()) {
            return;
        }
        consumer.commitAsync(due, (committed, failure) -> {
            if (failure == null) {
                offsets.committed(committed);
            } else {
                LOG.debugf("commit failed (the next one covers it): %s", failure.toString());
            }
        });
    }

    private void applyBackPressure() {
        int inFlight = offsets.inFlight();
        if (!paused && inFlight >= maxInFlight) {
            paused = true;
            consumer.pause(consumer.assignment());
            LOG.infof("%d commands in flight: consuming paused", inFlight);
        } else if (paused && inFlight <= maxInFlight / 2) {
            paused = false;
            consumer.resume(consumer.paused());
            LOG.infof("%d commands in flight: consuming resumed", inFlight);
        } else if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned meanwhile start unpaused
        }
    }

    /** Finish, commit (unless lost) and release partitions, then disconnect their sessions. Consumer thread. */
    private void letGo(Collection<TopicPartition> partitions, boolean commit) {
        if (partitions.isEmpty()) {
            return;
        }
        List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
        if (commit) {
            try {
                if (!offsets.awaitDrained(partitions, drainTimeout)) {
                    LOG.warnf("partitions %s: commands still unfinished after %d s; they will be delivered again",
                            numbers, drainTimeout.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<TopicPartition, OffsetAndMetadata> positions = offsets.positions(partitions);
            if (!positions.isEmpty()) {
                commitBeforeLettingGo(positions, numbers);
            }
        }
        offsets.release(partitions);
        CompletableFuture<Void> released = sessions.release(numbers);
        try {
            released.get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("partitions %s: sessions not all disconnected in time: %s", numbers, e.toString());
        }
    }

    private void commitBeforeLettingGo(Map<TopicPartition, OffsetAndMetadata> positions, List<Integer> numbers) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(positions, Duration.ofSeconds(10));
                offsets.committed(positions);
                return;
            } catch (WakeupException e) {
                // stop() woke the consumer outside poll: the wake-up is spent, the commit still has to happen
            } catch (RuntimeException e) {
                LOG.warnf("commit of %s before letting them go failed: %s", numbers, e.toString());
                return;
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            membership.contact();
            if (partitions.isEmpty()) {
                return;
            }
            int count = consumer.partitionsFor(topic).size();
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            LOG.infof("command partitions assigned: %s (of %d)", numbers, count);
            sessions.assign(numbers, count);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && !finished) {
                LOG.infof("command partitions revoked: %s", partitions);
                letGo(partitions, true);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && !finished) {
                LOG.warnf("command partitions lost: %s", partitions);
                letGo(partitions, false);
            }
        }
    }
}
