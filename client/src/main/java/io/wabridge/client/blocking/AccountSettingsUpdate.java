package io.wabridge.client.blocking;

import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The account's block list or privacy settings changed (on another device, through an {@code account_sync}
 * notification, or here by {@link Blocking}), or the server sent an {@code account_sync} child this client does
 * not model.
 *
 * @param kind       what changed
 * @param blocked    BLOCKLIST: the changes, in order
 * @param privacy    PRIVACY: the categories that changed and their new values (WhatsApp's names: {@code last},
 *                   {@code online}, {@code profile}, {@code status}, {@code groupadd}, {@code readreceipts}, ...)
 * @param tag        the notification child ({@code blocklist}, {@code privacy}, or the unknown one)
 * @param attributes UNKNOWN: the child's attributes, raw; empty otherwise
 * @param elsewhere  the change came from the server (another device); false when made here
 * @param timestamp  the server's time of the notification, else now
 */
public record AccountSettingsUpdate(Kind kind, List<BlockChange> blocked, Map<String, String> privacy, String tag,
                                    Map<String, String> attributes, boolean elsewhere, Instant timestamp) {

    /** What changed. */
    public enum Kind { BLOCKLIST, PRIVACY, UNKNOWN }

    /** One user blocked or unblocked. */
    public record BlockChange(Jid jid, boolean blocked) {
        public BlockChange {
            Objects.requireNonNull(jid, "jid");
        }
    }

    public AccountSettingsUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(timestamp, "timestamp");
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
        privacy = privacy == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(privacy));
        attributes = attributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
