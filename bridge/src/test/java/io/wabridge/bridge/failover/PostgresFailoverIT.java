package io.wabridge.bridge.failover;

import java.util.Set;

/**
 * The fault-injection scenarios that concern the database, on PostgreSQL ({@code wabridge.store.backend=postgres},
 * a real server the test starts, behind the same TCP proxy): worker kills (leases expire and move, fencing holds)
 * and the database cut off for 10 s. Same checks as {@link FailoverIT}: every contact message delivered, every
 * command sent once, all sessions open on exactly one worker.
 */
class PostgresFailoverIT extends FailoverIT {

    private static final Set<String> SCENARIOS = Set.of("kill-worker", "kill-and-replace", "database-cut");

    @Override
    FailoverCluster.Database database() {
        return FailoverCluster.Database.POSTGRES;
    }

    @Override
    boolean runs(String scenario) {
        return SCENARIOS.contains(scenario);
    }
}
