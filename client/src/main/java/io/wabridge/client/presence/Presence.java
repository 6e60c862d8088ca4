package io.wabridge.client.presence;

/** This account's global online status, as {@code <presence type>} carries it. */
public enum Presence {
    AVAILABLE("available"),
    UNAVAILABLE("unavailable");

    private final String wireName;

    Presence(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
