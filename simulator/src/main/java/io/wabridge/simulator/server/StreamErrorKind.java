package io.wabridge.simulator.server;

import io.wabridge.client.binary.Node;
import java.util.Locale;

/**
 * The ways WhatsApp ends a client's stream, each with the stanza it sends last (none for {@link #DROP}). Shapes as
 * clients decode them: whatsmeow {@code handleStreamError}/{@code handleConnectFailure}, Baileys
 * {@code getErrorCodeFromStreamError} (a {@code code} attribute wins, else {@code conflict} means 440).
 */
public enum StreamErrorKind {
    /** {@code <stream:error code="515"/>}: restart required, e.g. right after pairing; reconnect and log in. */
    RESTART_REQUIRED("515"),
    /** {@code <stream:error><conflict type="replaced"/></stream:error>}: another connection took over this device. */
    REPLACED("replaced"),
    /** {@code <stream:error code="401"><conflict type="device_removed"/></stream:error>}: unlinked; wipe and re-pair. */
    DEVICE_REMOVED("device_removed"),
    /** {@code <failure reason="405"/>}: client version too old (WhatsApp sends it as a connect failure). */
    CLIENT_TOO_OLD("405"),
    /** {@code <stream:error code="503"/>}: service unavailable; reconnect later. */
    SERVICE_UNAVAILABLE("503"),
    /** No stanza: the socket just closes. */
    DROP("drop");

    private final String wireName;

    StreamErrorKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name the control API uses: 515, replaced, device_removed, 405, 503 or drop. */
    public String wireName() {
        return wireName;
    }

    /**
     * The kind for a control-API name (case-insensitive; enum names are accepted too).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static StreamErrorKind parse(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (StreamErrorKind kind : values()) {
                if (kind.wireName.equals(wanted) || kind.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("unknown stream error kind '" + name
                + "'; expected one of 515, replaced, device_removed, 405, 503, drop");
    }

    /** The last stanza sent before closing, or null for {@link #DROP}. */
    public Node stanza() {
        return switch (this) {
            case RESTART_REQUIRED -> streamError("515", null);
            case REPLACED -> streamError(null, "replaced");
            case DEVICE_REMOVED -> streamError("401", "device_removed");
            case CLIENT_TOO_OLD -> ServerStanzas.failure(405);
            case SERVICE_UNAVAILABLE -> streamError("503", null);
            case DROP -> null;
        };
    }

    private static Node streamError(String code, String conflictType) {
        var builder = Node.builder("stream:error").attr("code", code);
        if (conflictType != null) {
            builder.children(Node.builder("conflict").attr("type", conflictType).build());
        }
        return builder.build();
    }
}
