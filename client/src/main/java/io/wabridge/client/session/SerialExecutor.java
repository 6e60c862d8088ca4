package io.wabridge.client.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's logical thread: tasks run one at a time, in submission order, on a shared pool. Every
 * protocol state change of an account happens here, so two messages never race on the same Signal session
 * and no per-JID locks exist. An idle session costs a queue head and a flag, not a thread.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run per turn before the pool thread is handed back, so one busy session cannot starve others. */
    private static final int TASKS_PER_TURN = 64;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Executor pool;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread runner;
    /** Told each task's CPU nanoseconds, or null (the default: nothing measured). */
    private final java.util.function.LongConsumer taskCpu;

    public SerialExecutor(Executor pool, String name) {
        this(pool, name, null);
    }

    /** @param taskCpu told each task's CPU time in nanoseconds (tests and probes), or null */
    public SerialExecutor(Executor pool, String name, java.util.function.LongConsumer taskCpu) {
        this.pool = pool;
        this.name = name;
        this.taskCpu = taskCpu;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::runTurn);
        }
    }

    /** Whether the caller is running on this executor right now. */
    public boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    public String name() {
        return name;
    }

    private void runTurn() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < TASKS_PER_TURN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                long cpu = taskCpu == null ? 0 : THREADS.getCurrentThreadCpuTime();
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.error("[{}] task failed", name, t);
                }
                if (taskCpu != null) {
                    taskCpu.accept(THREADS.getCurrentThreadCpuTime() - cpu);
                }
            }
        } finally {
            runner = null;
            scheduled.set(false);
        }
        // A task added after the last poll but before the flag was cleared would otherwise wait forever.
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::runTurn);
        }
    }
}
