package io.wabridge.bridge.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether this worker can still believe it is a member of the command consumer group: a heartbeat went out within
 * the group's session timeout. Past it, the coordinator has (if it is alive) given our partitions to another worker,
 * so our session leases must be allowed to expire. Read from the consumer's own metric after each poll; a
 * rebalance callback counts as contact too (the first heartbeat follows a join by up to an interval).
 */
public final class GroupMembership {
    private static final String GROUP = "consumer-coordinator-metrics";
    private static final String HEARTBEAT_AGO = "last-heartbeat-seconds-ago";

    private final long sessionTimeoutNanos;
    private volatile long lastContactNanos = System.nanoTime();
    private Metric heartbeatAgo;

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
            if (heartbeatAgo == null) {
                return;
            }
        }
        if (heartbeatAgo.metricValue() instanceof Number seconds && seconds.doubleValue() >= 0) {
            long at = System.nanoTime() - (long) (seconds.doubleValue() * 1e9);
            if (at - lastContactNanos > 0) {
                lastContactNanos = at;
            }
        }
    }

    /** A rebalance callback ran: the coordinator just answered us. */
    void contact() {
        lastContactNanos = System.nanoTime();
    }

    /** True unless no heartbeat went out for longer than the group's session timeout. */
    public boolean fresh() {
        return System.nanoTime() - lastContactNanos < sessionTimeoutNanos;
    }
}
