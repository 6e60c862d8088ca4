package io.wabridge.client.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Runs an asynchronous action on an account's executor from any thread. */
public final class OnExecutor {
    private OnExecutor() {
    }

    /**
     * Runs {@code action} on {@code executor}; the result completes as the action's future does, or fails with what
     * the action threw.
     */
    public static <T> CompletableFuture<T> call(Executor executor, Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                action.get().whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** {@link #call}, failing with the failure's cause below any {@code CompletableFuture} wrappers. */
    public static <T> CompletableFuture<T> callUnwrapped(Executor executor, Supplier<CompletableFuture<T>> action) {
        return call(executor, action).exceptionallyCompose(failure -> CompletableFuture.failedFuture(Failures.unwrap(failure)));
    }

    /**
     * {@code stage}'s outcome, completed on {@code executor} (a store call's result brought back to the account's
     * executor), failing with the failure's cause below any {@code CompletableFuture} wrappers.
     */
    public static <T> CompletableFuture<T> relay(CompletableFuture<T> stage, Executor executor) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> executor.execute(() -> {
            if (failure != null) {
                result.completeExceptionally(Failures.unwrap(failure));
            } else {
                result.complete(value);
            }
        }));
        return result;
    }

    /**
     * {@code next} once {@code previous} is done: at once if it is, else as a task of its own on {@code executor}.
     * Chains of waiting steps (a burst of sends, each behind the one before) must not run inside the completing one:
     * the first completion would run the next step, whose completion runs the next, and so on down one call stack; a
     * few thousand overflowed it, the overflow was swallowed by the futures and every later step waited for good.
     */
    public static <T> CompletableFuture<T> after(CompletableFuture<?> previous, Supplier<CompletableFuture<T>> next,
                                                 Executor executor) {
        return previous.isDone() ? previous.thenCompose(v -> next.get())
                : previous.thenComposeAsync(v -> next.get(), executor);
    }

    /**
     * Runs {@code work} (a store round trip) on {@code io}, the store I/O executor, and completes on {@code executor}
     * (the account's) with its outcome; fails if {@code io} refuses the task (shut down).
     */
    public static <T> CompletableFuture<T> storeCall(Supplier<T> work, Executor io, Executor executor) {
        CompletableFuture<T> call;
        try {
            call = CompletableFuture.supplyAsync(work, io);
        } catch (RuntimeException e) { // io refused the task
            return CompletableFuture.failedFuture(e);
        }
        return relay(call, executor);
    }
}
