package io.wabridge.bridge.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commit positions of the command partitions this worker owns (see {@link PartitionProgress}): the consumer thread
 * tracks each record it hands out and commits {@link #committable()}; whoever finishes a command calls
 * {@link Completion#done()}. A completion of a partition already let go is ignored.
 */
public final class OffsetTracker {

    /** Finishes one tracked record: call once its effect is acknowledged (executed, or rejected and reported). */
    @FunctionalInterface
    public interface Completion {
        void done();
    }

    private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Tracks a record handed out for execution; offsets of one partition must come in increasing order. */
    public Completion track(TopicPartition partition, long offset) {
        PartitionProgress.Ticket ticket = partitions.computeIfAbsent(partition, p -> new PartitionProgress(inFlight))
                .track(offset);
        return ticket::finish;
    }

    /** Records handed out and not finished, all partitions together (for back-pressure). */
    public int inFlight() {
        return inFlight.get();
    }

    /** The positions that moved since their last commit, ready for commitSync/commitAsync. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((tp, progress) -> {
            long position = progress.uncommittedPosition();
            if (position >= 0) {
                out.put(tp, new OffsetAndMetadata(position));
            }
        });
        return out;
    }

    /** The positions of these partitions, whether or not they moved (for the commit before letting them go). */
    public Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null && progress.position() >= 0) {
                out.put(tp, new OffsetAndMetadata(progress.position()));
            }
        }
        return out;
    }

    /** Records that these positions were committed. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null) {
                progress.committed(om.offset());
            }
        });
    }

    /** Waits (up to timeout, all partitions together) until these partitions have nothing unfinished. */
    public boolean awaitDrained(Collection<TopicPartition> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (TopicPartition tp : which) {
            PartitionProgress progress = partitions.get(tp);
            if (progress != null && !progress.awaitDrained(deadline)) {
                drained = false;
            }
        }
        return drained;
    }

    /** Forgets these partitions (revoked or lost); their unfinished records no longer count as in flight. */
    public void release(Collection<TopicPartition> which) {
        for (TopicPartition tp : which) {
            PartitionProgress progress = partitions.remove(tp);
            if (progress != null) {
                progress.release();
            }
        }
    }
}
