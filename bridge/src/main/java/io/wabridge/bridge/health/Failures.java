package io.wabridge.bridge.health;

import java.util.concurrent.ExecutionException;

public final class Failures {
    private Failures() {}

    /** The root cause's type and message, short enough for a health response. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause.getCause() != null && cause.getMessage() == null)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
