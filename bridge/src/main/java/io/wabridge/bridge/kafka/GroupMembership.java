package io.wabridge.bridge.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether this worker can still believe it is a member of the command consumer group: a heartbeat went out within
 * the group's session timeout. Past it, the coordinator has (if it is alive) given our partitions to another worker,
 * so our session leases must be allowed to expire. Read from the consumer's own metric: found after a poll, then read
 * whenever asked, so a consumer thread held up in a rebalance callback (draining, committing, disconnecting its
 * sessions: seconds on a loaded machine) does not make its background heartbeats look missed and the worker give up
 * every lease. A rebalance callback counts as contact too (the first heartbeat follows a join by up to an interval).
 */
public final class GroupMembership {
    private static final String GROUP = "consumer-coordinator-metrics";
    private static final String HEARTBEAT_AGO = "last-heartbeat-seconds-ago";

    private final long sessionTimeoutNanos;
    private final AtomicLong lastContactNanos = new AtomicLong(System.nanoTime());
    /** Thread-safe to read (Kafka's metrics are read by reporters on other threads too). */
    private volatile Metric heartbeatAgo;

    public GroupMembership(Duration sessionTimeout) {
        this.sessionTimeoutNanos = sessionTimeout.toNanos();
    }

    /** Consumer thread, after a poll. */
    void observe(Consumer<?, ?> consumer) {
        if (heartbeatAgo == null) {
            for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                if (GROUP.equals(e.getKey().group()) && HEARTBEAT_AGO.equals(e.getKey().name())) {
                    heartbeatAgo = e.getValue();
                }
            }
        }
        readHeartbeat();
    }

    private void readHeartbeat() {
        Metric metric = heartbeatAgo;
        if (metric == null) {
            return;
        }
        if (metric.metricValue() instanceof Number seconds && seconds.doubleValue() >= 0) {
            long at = System.nanoTime() - (long) (seconds.doubleValue() * 1e9);
            lastContactNanos.accumulateAndGet(at, (before, next) -> next - before > 0 ? next : before);
        }
    }

    /** A rebalance callback ran: the coordinator just answered us. */
    void contact() {
        lastContactNanos.accumulateAndGet(System.nanoTime(), (before, next) -> next - before > 0 ? next : before);
    }

    /** True unless no heartbeat went out for longer than the group's session timeout. */
    public boolean fresh() {
        readHeartbeat();
        return System.nanoTime() - lastContactNanos.get() < sessionTimeoutNanos;
    }
}
