package io.wabridge.client.appstate;

import java.util.Optional;

/** The five app-state collections and what they hold (whatsmeow appstate/keys.go). */
public enum AppStateCollection {
    /** Push name, locale. */
    CRITICAL_BLOCK("critical_block"),
    /** Contact names. */
    CRITICAL_UNBLOCK_LOW("critical_unblock_low"),
    /** Mute, star, message and chat deletes, clear chat. */
    REGULAR_HIGH("regular_high"),
    /** Pin, archive, mark read. */
    REGULAR_LOW("regular_low"),
    /** Labels, quick replies. */
    REGULAR("regular");

    private final String wireName;

    AppStateCollection(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in the store ({@code regular_low}). */
    public String wireName() {
        return wireName;
    }

    public static Optional<AppStateCollection> of(String wireName) {
        for (AppStateCollection c : values()) {
            if (c.wireName.equals(wireName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
