package io.wabridge.bridge.session;

import io.wabridge.bridge.lease.Lease;
import io.wabridge.client.WaClient;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.proto.v1.Me;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One session this worker runs: its lane (a {@link SerialExecutor} on the shared pool) and what the bridge knows of
 * it. Commands go through {@link #enqueue}: each starts when every one before it has finished, so a session's
 * commands take effect in their partition order even when one waits on WhatsApp (a pairing code) without holding a
 * thread. Sends go through {@link #enqueuePipelined}: one starts as soon as the one before it has handed its message
 * to the client (which writes them in that order), without waiting for WhatsApp's ack, so a session's burst of
 * sends shares the client's Signal flushes and socket writes.
 * The client's events are handled on the same lane, between commands. Fields without {@code volatile} are
 * touched only on the lane; the volatile ones are also read by /sessions and metrics.
 */
public final class Session {

    private final String id;
    private final int partition;
    private final SerialExecutor lane;
    private final SessionStates states;
    /** When the next pipelined step may start. Guarded by this. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    /** When every step enqueued so far has finished. Guarded by this. */
    private CompletableFuture<?> allDone = tail;
    /** What the command dispatcher keeps of the commands in this session's pipeline (see {@link RecentCommands}). */
    private final RecentCommands recent = new RecentCommands();

    private volatile SessionState state = SessionState.CLOSED;
    private volatile boolean gone;
    private volatile DesiredState desired;
    private volatile Me me = Me.getDefaultInstance();

    /** The running client, or null (never connected here, disconnected and dropped, logged out). */
    volatile WaClient client; // volatile: SessionManager#retireIfUnused reads it off the lane to skip a lane hop
    /** Whether {@link #client} counts against the worker's cap on sessions (see SessionManager#running). */
    boolean countedRunning;
    /** command_id of the command whose effect the client's next events are, or "" (resume, reconnects). */
    String causation = "";
    /** Set while the session was asked to pair by code: QR events are then not published. */
    String pairingPhone;
    /** Completed by the first QR event of a connection (pairing is possible then), for connect {pairing_code}. */
    CompletableFuture<Void> pairingReady;
    /** Completed when the connection opens, failed when it cannot (pairing needed, closed for good); or null. */
    CompletableFuture<Void> opened;
    /** Completed when a resumed session's connection settled (open, QR, closed), to free its resume slot. */
    CompletableFuture<Void> settled;
    /** Being let go (rebalance, shutdown): its close is a hand-over, not the end the owner asked for. */
    boolean releasing;
    /** The lease this worker runs the session under, or null: no client may exist without one. */
    Lease lease;
    /** Epoch of the latest lease held here (kept after it is lost): tags this worker's state writes. */
    long epoch;
    /** Set while a client that lost its lease is being disconnected; completes once it is dropped. */
    CompletableFuture<Void> stopping;
    /** The attempt to take the lease under way, or null. */
    CompletableFuture<Void> leasing;
    /** The lease was taken over from an owner that never let go, and the state is not claimed yet. */
    boolean claimDue;
    /** When the partition assignment that resumed the session happened (System.nanoTime), 0 once it is open. */
    long resumeStartedNanos;
    /** When the current connection attempt started (System.nanoTime), 0 once it is open. */
    long connectingNanos;

    Session(String id, int partition, Executor pool, SessionStates states) {
        this.id = id;
        this.partition = partition;
        this.lane = new SerialExecutor(pool, "bridge-" + id);
        this.states = states;
        states.entered(SessionState.CLOSED);
    }

    public String id() {
        return id;
    }

    /** The command partition this worker runs the session for. */
    public int partition() {
        return partition;
    }

    public SessionState state() {
        return state;
    }

    /** Null until the registry was read or a command set it. */
    public DesiredState desired() {
        return desired;
    }

    public Me me() {
        return me;
    }

    public Executor lane() {
        return lane;
    }

    /** True on the session's lane. */
    boolean onLane() {
        return lane.inExecutor();
    }

    /** Changes the state; true if it changed. Lane only. */
    boolean state(SessionState next) {
        SessionState before = state;
        if (before == next) {
            return false;
        }
        state = next;
        states.moved(before, next);
        return true;
    }

    void desired(DesiredState value) {
        desired = value;
    }

    void me(Me value) {
        me = value == null ? Me.getDefaultInstance() : value;
    }

    /** The session is gone from this worker: it stops counting in the state gauge. */
    void removed() {
        gone = true;
        states.left(state);
    }

    /** True once it was dropped from the worker's table (a step still queued on it belongs to its next entry). */
    boolean gone() {
        return gone;
    }

    /**
     * Runs {@code step} on the lane once every step enqueued before it has finished (successfully or not); the
     * returned future completes with the step's own future.
     */
    public <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = allDone;
            tail = result;
            allDone = result;
        }
        previous.whenComplete((ignored, failure) -> start(result, step));
        return result;
    }

    /**
     * Runs {@code step} on the lane once the step before it released the lane order (a pipelined step: by calling
     * its release, or by finishing; any other step: by finishing, as every step before it); the step gets its
     * release, which it calls once what must happen in order is done. A step enqueued with {@link #enqueue} after
     * it still waits for it to finish.
     */
    public <T> CompletableFuture<T> enqueuePipelined(Function<Runnable, CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> released = new CompletableFuture<>();
        result.whenComplete((ignored, failure) -> released.complete(null));
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = tail;
            tail = released;
            allDone = allDone.isDone() ? result : CompletableFuture.allOf(allDone, result);
        }
        previous.whenComplete((ignored, failure) -> start(result, () -> step.apply(() -> released.complete(null))));
        return result;
    }

    private <T> void start(CompletableFuture<T> result, Supplier<CompletableFuture<T>> step) {
        lane.execute(() -> {
            try {
                step.get().whenComplete((value, stepFailure) -> {
                    if (stepFailure != null) {
                        result.completeExceptionally(stepFailure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
    }

    /** The commands in this session's pipeline, for the command dispatcher. */
    public RecentCommands recentCommands() {
        return recent;
    }

    /** True when no enqueued step is unfinished. */
    synchronized boolean idle() {
        return allDone.isDone();
    }

    @Override
    public String toString() {
        return "Session[" + id + ", partition " + partition + ", " + state + "]";
    }
}
