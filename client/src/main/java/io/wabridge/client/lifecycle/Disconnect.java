package io.wabridge.client.lifecycle;

import io.wabridge.client.auth.ClientVersion;
import io.wabridge.client.binary.Node;

/**
 * Why a connection ended, classified.
 *
 * @param kind   what the client does about it
 * @param code   the server's code ("515", "401", ...) or a local one ("408" for exhausted QR refs), null if none
 * @param reason a sentence for people and logs
 */
public record Disconnect(DisconnectKind kind, String code, String reason) {

    public static Disconnect transientLoss(String reason) {
        return new Disconnect(DisconnectKind.TRANSIENT, null, reason);
    }

    /** The first child of a stream error, as {@code tag k=v ...} ("" if none), for its event and logs. */
    public static String describeFirstChild(Node node) {
        if (node.children().isEmpty()) {
            return "";
        }
        Node first = node.children().getFirst();
        StringBuilder out = new StringBuilder(first.tag());
        first.attrs().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        return out.toString();
    }

    /** Classifies {@code <stream:error code=..>[<conflict type=..>|<...>]</stream:error>}. */
    public static Disconnect ofStreamError(Node error, ClientVersion version) {
        String code = error.attr("code");
        Node conflict = error.child("conflict");
        String conflictType = conflict == null ? null : conflict.attr("type");
        String detail = describe(error);
        if ("515".equals(code)) {
            return new Disconnect(DisconnectKind.RESTART, code, "restart required (515)");
        }
        if ("replaced".equals(conflictType)) {
            return new Disconnect(DisconnectKind.REPLACED, code == null ? "440" : code,
                    "replaced: another connection of this device took over (" + detail + ")");
        }
        if ("401".equals(code) || "device_removed".equals(conflictType)) {
            return new Disconnect(DisconnectKind.LOGGED_OUT, code == null ? "401" : code,
                    "logged out by the server (" + detail + ")");
        }
        if ("405".equals(code)) {
            return outdated(code, version);
        }
        return new Disconnect(DisconnectKind.TRANSIENT, code, "stream error " + detail);
    }

    /** Classifies {@code <failure reason=..>}, the server's refusal of a login or registration. */
    public static Disconnect ofFailure(Node failure, ClientVersion version) {
        String code = failure.attr("reason", "500");
        String detail = describe(failure);
        return switch (code) {
            case "401", "403", "406" -> new Disconnect(DisconnectKind.LOGGED_OUT, code, "logged out: connect failure " + detail);
            case "405" -> outdated(code, version);
            case "500", "503" -> new Disconnect(DisconnectKind.TRANSIENT, code, "connect failure " + detail);
            default -> new Disconnect(DisconnectKind.REFUSED, code, "connect failure " + detail);
        };
    }

    private static Disconnect outdated(String code, ClientVersion version) {
        return new Disconnect(DisconnectKind.CLIENT_OUTDATED, code, "client version " + version
                + " is too old for the server (405); configure a newer WhatsApp Web client version");
    }

    /** {@code code=401 conflict type=device_removed}: the attributes and the first child, compactly. */
    static String describe(Node node) {
        StringBuilder out = new StringBuilder();
        node.attrs().forEach((k, v) -> out.append(out.isEmpty() ? "" : " ").append(k).append('=').append(v));
        if (!node.children().isEmpty()) {
            Node first = node.children().getFirst();
            out.append(out.isEmpty() ? "" : " ").append(first.tag());
            first.attrs().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        }
        return out.toString();
    }
}
