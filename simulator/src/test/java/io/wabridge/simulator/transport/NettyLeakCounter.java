package io.wabridge.simulator.transport;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Tracks every Netty buffer of this test JVM (paranoid leak detection) and counts the leaks Netty finds, so
 * tests can assert that bad input leaves no unreleased buffer behind. Installed before any test class runs
 * (Netty creates its detectors when its buffer classes load).
 */
public final class NettyLeakCounter implements LauncherSessionListener {
    private static final AtomicLong LEAKS = new AtomicLong();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.incrementAndGet();
                        super.reportTracedLeak(resourceType, records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.incrementAndGet();
                        super.reportUntracedLeak(resourceType);
                    }
                };
            }
        });
    }

    /** Leaks reported so far. Netty reports a leak when a later allocation finds a collected, unreleased buffer. */
    public static long leaks() {
        return LEAKS.get();
    }
}
