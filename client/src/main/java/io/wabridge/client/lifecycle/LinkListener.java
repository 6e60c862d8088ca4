package io.wabridge.client.lifecycle;

/** Told (on the session executor) when a link ends, whoever ended it; {@code cause} is null for an orderly close. */
@FunctionalInterface
public interface LinkListener {
    void onClosed(String reason, Throwable cause);
}
