package io.wabridge.client;

import io.wabridge.client.lifecycle.LinkOpener;
import io.wabridge.client.lifecycle.NetworkLinkOpener;
import io.wabridge.client.stanza.ExecutorScheduler;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.transport.NoiseSocketConnector;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every session of a JVM shares: the connector (one Netty event loop), the scheduler, the pool the
 * sessions' serial executors run on, and the time and randomness sources (injected in tests so timing needs no
 * sleeps). Create one, hand it to every {@link WaClient}, close it last.
 */
public final class ClientRuntime implements AutoCloseable {
    private final Scheduler scheduler;
    private final java.util.concurrent.Executor pool;
    private final java.util.concurrent.Executor storeIo;
    private final LinkOpener opener;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final RandomGenerator jitter;
    private final SecureRandom secureRandom;
    private final List<AutoCloseable> owned;
    private final java.util.function.LongConsumer taskCpu;
    private final java.util.Map<io.wabridge.client.media.MediaSettings, io.wabridge.client.media.MediaTransfer> mediaTransfers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final io.wabridge.client.interop.LeniencyCounters leniencies =
            new io.wabridge.client.interop.LeniencyCounters();

    private ClientRuntime(Builder b, List<AutoCloseable> owned) {
        this.scheduler = b.scheduler;
        this.pool = b.pool;
        this.storeIo = b.storeIo;
        this.opener = b.opener;
        this.clock = b.clock;
        this.nanoClock = b.nanoClock;
        this.jitter = b.jitter;
        this.secureRandom = b.secureRandom;
        this.owned = owned;
        this.taskCpu = b.taskCpu;
    }

    /** Told the CPU nanoseconds of every session task when set ({@link Builder#taskCpu}), else null. */
    public java.util.function.LongConsumer taskCpu() {
        return taskCpu;
    }

    /**
     * The real thing: shared event loop, a two-thread scheduler, and {@link #defaultPoolThreads()} platform threads
     * for session turns. Not virtual threads: a turn may block on the store inside a libsignal (JNI) callback, which
     * pins a virtual thread to its carrier; with every carrier pinned the JDK's own I/O pollers (virtual threads
     * too) never run again and the JVM hangs, which the bridge load harness hit with two sessions on two cores.
     */
    public static ClientRuntime create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public java.util.concurrent.Executor pool() {
        return pool;
    }

    /**
     * Where the sessions' write-behind flushes run their store round trips, so a session's executor (and the pool
     * thread under it) is not blocked meanwhile: a virtual thread per flush by default (the store calls made there
     * are plain blocking I/O, no libsignal callback, so nothing pins the carrier).
     */
    public java.util.concurrent.Executor storeIo() {
        return storeIo;
    }

    public LinkOpener opener() {
        return opener;
    }

    /**
     * The media transfer for these settings, one per distinct settings of the JVM's sessions (one HTTP client and
     * connection pool shared by all sessions configured alike).
     */
    public io.wabridge.client.media.MediaTransfer mediaTransfer(io.wabridge.client.media.MediaSettings settings) {
        return mediaTransfers.computeIfAbsent(settings, s -> new io.wabridge.client.media.MediaTransfer(s, clock()));
    }

    public Clock clock() {
        return clock;
    }

    public LongSupplier nanoClock() {
        return nanoClock;
    }

    public RandomGenerator jitter() {
        return jitter;
    }

    public SecureRandom secureRandom() {
        return secureRandom;
    }

    /** How often the sessions of this runtime accepted something a strict client would refuse. */
    public io.wabridge.client.interop.LeniencyCounters leniencies() {
        return leniencies;
    }

    /** Stops what this runtime created itself (not what the builder was given). */
    @Override
    public void close() {
        mediaTransfers.values().forEach(io.wabridge.client.media.MediaTransfer::close);
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing: nothing more to do
            }
        }
    }

    /** Anything not set gets the production default. */
    /** Session turns run on this many threads by default: enough for their blocking store calls to overlap. */
    public static int defaultPoolThreads() {
        return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    }

    /** A fixed pool of daemon platform threads named {@code wa-session-N}; idle threads cost no CPU. */
    public static ExecutorService sessionPool(int threads) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "wa-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static final class Builder {
        private Scheduler scheduler;
        private java.util.concurrent.Executor pool;
        private java.util.concurrent.Executor storeIo;
        private LinkOpener opener;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoClock = System::nanoTime;
        private RandomGenerator jitter = new Random();
        private SecureRandom secureRandom = new SecureRandom();
        private java.util.function.LongConsumer taskCpu;

        public Builder scheduler(Scheduler v) { scheduler = Objects.requireNonNull(v); return this; }
        public Builder pool(java.util.concurrent.Executor v) { pool = Objects.requireNonNull(v); return this; }
        /** Where flushes write ({@link #storeIo()}); {@code Runnable::run} writes inline (deterministic tests). */
        public Builder storeIo(java.util.concurrent.Executor v) { storeIo = Objects.requireNonNull(v); return this; }
        public Builder opener(LinkOpener v) { opener = Objects.requireNonNull(v); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
        public Builder nanoClock(LongSupplier v) { nanoClock = Objects.requireNonNull(v); return this; }
        public Builder jitter(RandomGenerator v) { jitter = Objects.requireNonNull(v); return this; }
        public Builder secureRandom(SecureRandom v) { secureRandom = Objects.requireNonNull(v); return this; }
        /**
         * Told the CPU time of every task of every session's serial executor (tests and probes measuring how long
         * the executor is held at a time; off by default: it costs a thread-CPU-time read per task).
         */
        public Builder taskCpu(java.util.function.LongConsumer v) { taskCpu = Objects.requireNonNull(v); return this; }

        public ClientRuntime build() {
            List<AutoCloseable> owned = new ArrayList<>();
            if (scheduler == null) {
                ExecutorScheduler s = new ExecutorScheduler(2);
                owned.add(s);
                scheduler = s;
            }
            if (pool == null) {
                ExecutorService p = sessionPool(defaultPoolThreads());
                owned.add(p::shutdownNow);
                pool = p;
            }
            if (storeIo == null) {
                ExecutorService io = Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("wa-store-io-", 0).factory());
                owned.add(io::shutdownNow);
                storeIo = io;
            }
            if (opener == null) {
                opener = new NetworkLinkOpener(new NoiseSocketConnector(), scheduler);
            }
            return new ClientRuntime(this, owned);
        }
    }
}
