package io.wabridge.client.session;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed future really failed with: the wrappers that {@code CompletableFuture} adds taken off. */
public final class Failures {
    private Failures() {
    }

    /** The first cause below any {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The unwrapped failure's message, or its class and nothing else when it has none (for events and logs). */
    public static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
