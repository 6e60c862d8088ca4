package io.wabridge.client.auth;

import io.wabridge.client.session.Failures;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.Versioned;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A session's credentials, held in memory and stored WRITE-BEHIND. Every change is one atomic, versioned save
 * ({@link CredentialsStore#save}); a writer that lost a race gets {@link io.wabridge.client.store.StaleCredentialsException}
 * and nothing is written. Read and changed on the session executor only.
 *
 * <p>With a store I/O executor ({@link #CredentialsCell(CredentialsStore, Executor, Executor, Consumer)}) the session
 * never waits for the store: {@link #get()} answers from memory, {@link #save} changes memory at once and queues the
 * store write, and the queued steps (load, saves, wipe) run on the I/O executor one after another in the order they
 * were asked, each compare-and-set taking the version the one before returned. {@link #stored()} completes, on the
 * session executor, once everything queued so far is stored: a caller whose next step must not leave before the
 * credentials are durable (the pair-success reply, a prekey upload naming new ids) composes on it. A failed save
 * fails every save queued after it (their version is unknown) until the next {@link #load}, and is told once to
 * the failure listener on the session executor (the client ends the connection; the next one reloads). A fenced
 * save reaches the client through the store's fence listener as any fenced write does.
 */
public final class CredentialsCell {
    private final CredentialsStore store;
    /** Where the store calls run, or null: at once on the caller's thread, a failure thrown to it. */
    private final Executor io;
    private final Executor session;
    private final Consumer<Throwable> failed;
    private Credentials current;
    /** The version stored by the last queued step once it is done (failed if it failed). */
    private CompletableFuture<Long> tail = CompletableFuture.completedFuture(CredentialsStore.ABSENT);
    /** Bumped by {@link #clear()}: a step queued before it is skipped and its failure not reported. */
    private volatile long generation;
    /**
     * Bumped by {@link #load}: a save queued for an earlier connection that fails after the next load is not told
     * (it would end the new, healthy connection, which reads what is stored).
     */
    private long loads;
    private Throwable reported;

    /** Stores at once on the caller's thread (tests, benchmarks, tools). */
    public CredentialsCell(CredentialsStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.io = null;
        this.session = Runnable::run;
        this.failed = f -> { };
    }

    /**
     * Stores behind on {@code io}; {@code session} is the account's serial executor, where results come back and
     * {@code failed} is told of a save that failed.
     */
    public CredentialsCell(CredentialsStore store, Executor io, Executor session, Consumer<Throwable> failed) {
        this.store = Objects.requireNonNull(store, "store");
        this.io = Objects.requireNonNull(io, "io");
        this.session = Objects.requireNonNull(session, "session");
        this.failed = Objects.requireNonNull(failed, "failed");
    }

    /**
     * Loads the stored credentials off the session executor (after the steps queued before), creating them with
     * {@code fresh} (run on the I/O executor, where it may store what the credentials name first) when none are
     * stored; completes on the session executor with them, kept in memory. Saves queued after this take its version;
     * a failed save before it is forgotten (the stored copy wins).
     */
    public CompletableFuture<Credentials> load(Supplier<Credentials> fresh) {
        long gen = generation;
        CompletableFuture<Versioned<Credentials>> loaded = queue(tail.handle((v, f) -> null), x -> {
            Optional<Versioned<Credentials>> stored = store.load();
            if (stored.isPresent()) {
                return stored.get();
            }
            return store.save(fresh.get(), CredentialsStore.ABSENT);
        });
        tail = loaded.thenApply(Versioned::version);
        loads++;
        reported = null;
        return OnExecutor.relay(loaded, session).thenApply(v -> {
            if (gen == generation) {
                current = v.value();
            }
            return v.value();
        });
    }

    /** The stored credentials, read on the I/O executor after the steps queued so far; completes on the session executor. */
    public CompletableFuture<Optional<Credentials>> readStored() {
        return OnExecutor.relay(queue(tail.handle((v, f) -> null), x -> store.load().map(Versioned::value)), session);
    }

    /** The credentials in memory (the last loaded or saved, stored or not yet). */
    public Credentials get() {
        if (current == null) {
            throw new IllegalStateException("no credentials loaded");
        }
        return current;
    }

    public boolean isPresent() {
        return current != null;
    }

    /** {@link #save(Credentials, Runnable)} with nothing to write first. */
    public Credentials save(Credentials next) {
        return save(next, null);
    }

    /**
     * Makes {@code next} the credentials at once and stores them behind, after {@code first} (a store write the
     * credentials depend on, e.g. the pairing's primary identity; null for none) ran on the I/O executor; creates
     * them if none were loaded. Without an I/O executor both run at once and a failure is thrown.
     *
     * @return {@code next}
     */
    public Credentials save(Credentials next, Runnable first) {
        Objects.requireNonNull(next, "next");
        long gen = generation;
        long load = loads;
        CompletableFuture<Long> saved = queue(tail, expected -> {
            if (gen != generation) {
                return expected; // wiped meanwhile
            }
            if (first != null) {
                first.run();
            }
            return store.save(next, expected).version();
        });
        if (io == null && saved.isCompletedExceptionally()) {
            Throwable failure = Failures.unwrap(saved.handle((v, f) -> f).join());
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        tail = saved;
        current = next;
        saved.whenComplete((v, failure) -> {
            if (failure != null) {
                session.execute(() -> report(gen, load, Failures.unwrap(failure)));
            }
        });
        return next;
    }

    /**
     * Completes on the session executor once every step queued so far is stored; fails with the first failure among
     * them.
     */
    public CompletableFuture<Void> stored() {
        if (tail.isDone() && !tail.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(null);
        }
        return OnExecutor.relay(tail, session).thenApply(v -> null);
    }

    /**
     * Forgets the credentials in memory and drops the saves not started yet, then runs {@code wipe} (the store's wipe)
     * on the I/O executor after the step in progress; completes on the session executor once it ran. Steps queued
     * after it (the next connection's load) run after the wipe.
     */
    public CompletableFuture<Void> clear(Runnable wipe) {
        generation++;
        current = null;
        reported = null;
        CompletableFuture<Long> wiped = queue(tail.handle((v, f) -> null), x -> {
            wipe.run();
            return CredentialsStore.ABSENT;
        });
        tail = wiped.handle((v, f) -> CredentialsStore.ABSENT); // a failed wipe: the next load decides
        return OnExecutor.relay(wiped, session).thenApply(v -> null);
    }

    /** Forgets the loaded copy (after a wipe made elsewhere). */
    public void clear() {
        generation++;
        current = null;
        tail = tail.handle((v, f) -> CredentialsStore.ABSENT);
    }

    private <T, R> CompletableFuture<R> queue(CompletableFuture<T> after, java.util.function.Function<T, R> step) {
        if (io == null) {
            return after.thenApply(step);
        }
        try {
            return after.thenApplyAsync(step, io);
        } catch (RuntimeException e) { // io refused the task (shut down)
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Tells the listener of a failed save once (the saves queued after it fail alike), unless the credentials were
     * wiped or loaded again since the save was asked (the connection it belonged to is over).
     */
    private void report(long gen, long load, Throwable failure) {
        if (gen != generation || load != loads || failure == reported) {
            return;
        }
        reported = failure;
        failed.accept(failure);
    }
}
