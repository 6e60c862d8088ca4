package io.wabridge.bridge.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault soak of the failsafe suite (issue 18 point 1): {@link SoakRun} with 20 faults over
 * {@link FailoverCluster#SESSIONS} sessions and 3 workers; every guarantee of its report asserted, the leak bounds
 * included. The full soak is the bench's {@code SoakHarness} (same code), or this test with more faults:
 * <pre>
 *   ./mvnw -B -pl bridge -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT [-Dsoak.seed=N]
 *   ./mvnw -B -pl bridge -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT \
 *       -Dsoak.faults=200 -Dfailover.sessions=200
 * </pre>
 * {@code -Dsoak.skip=true} leaves it out of a local {@code verify}.
 */
class SoakIT {

    @Test
    void survivesSeededRandomFaultsWithNothingLostOrDuplicated() throws Exception {
        Path jar = Path.of(System.getProperty("wabridge.bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        assumeTrue(Files.isRegularFile(jar), "the bridge is not packaged (" + jar + "); run in the integration-test phase");
        assumeTrue(!Boolean.getBoolean("soak.skip"), "-Dsoak.skip=true");
        int faults = Integer.getInteger("soak.faults", 20);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        SoakRun.Report report = new SoakRun(jar, Path.of("target", "failover-logs", "soak"), faults, seed, System.out).run();
        report.print(System.out);

        assertEquals(0, report.inboundLost(), "contact messages never published");
        assertTrue(report.lostCommands().isEmpty(), "commands with neither a message at the contact nor an error result: "
                + report.lostCommands().subList(0, Math.min(20, report.lostCommands().size())));
        assertTrue(report.twoIds().isEmpty(), "commands that produced more than one WhatsApp message: " + report.twoIds());
        assertEquals(0, report.outOfOrder(), "messages first published out of the order the contact sent them");
        assertTrue(report.allOpenOnce(), report.ownership());
        assertEquals(faults, report.faultsSurvived());
        assertTrue(report.inboundSent() > 0 && report.commands() > 0, "traffic flowed");
        assertEquals(java.util.List.of(), report.leaks(), "heap after GC and live threads within the leak bounds");
        assertEquals(java.util.List.of(), report.violations(), "seed " + seed);
    }
}
