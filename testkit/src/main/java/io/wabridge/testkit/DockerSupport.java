package io.wabridge.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable, asked once per JVM. Tests of real MongoDB and Kafka images run only
 * when it is; otherwise they are skipped, and one clear line says why.
 */
public final class DockerSupport {
    private static final Logger LOG = Logger.getLogger(DockerSupport.class.getName());
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static volatile Boolean available;

    private DockerSupport() {}

    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            synchronized (DockerSupport.class) {
                if (available == null) {
                    available = probe();
                }
                known = available;
            }
        }
        return known;
    }

    /** Skips the calling test when no Docker engine is reachable. */
    public static void assumeAvailable(String what) {
        boolean present = available();
        if (!present && REPORTED.compareAndSet(false, true)) {
            LOG.warning("No Docker engine reachable: skipping the tests against real container images ("
                    + what + " and others); the embedded backends still run.");
        }
        Assumptions.assumeTrue(present, "no Docker engine: " + what + " skipped");
    }

    private static boolean probe() {
        if (Boolean.getBoolean("wabridge.test.docker.disabled")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
