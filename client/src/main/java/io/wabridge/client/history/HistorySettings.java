package io.wabridge.client.history;

import java.nio.file.Path;
import java.util.Objects;

/**
 * History sync settings of one client.
 *
 * @param scope              how much history to ask for at pairing (default {@link HistorySyncScope#RECENT})
 * @param maxMessagesPerPart messages per {@link io.wabridge.client.events.ClientEvent.HistorySync} part at most
 * @param maxBytesPerPart    WhatsApp bytes (serialized messages, names, conversation details) per part at most,
 *                           except that one message larger than this still makes a part of its own
 * @param tempDir            where downloaded chunks wait (decrypted, still compressed) while they are read; null =
 *                           {@code java.io.tmpdir}
 */
public record HistorySettings(HistorySyncScope scope, int maxMessagesPerPart, int maxBytesPerPart, Path tempDir) {

    public static final HistorySettings DEFAULTS = new HistorySettings(HistorySyncScope.RECENT, 200, 64 * 1024, null);

    public HistorySettings {
        Objects.requireNonNull(scope, "scope");
        if (maxMessagesPerPart < 1 || maxBytesPerPart < 1024) {
            throw new IllegalArgumentException("a history part holds at least 1 message and 1 KiB");
        }
    }

    public HistorySettings withScope(HistorySyncScope v) {
        return new HistorySettings(v, maxMessagesPerPart, maxBytesPerPart, tempDir);
    }

    public HistorySettings withPartLimits(int messages, int bytes) {
        return new HistorySettings(scope, messages, bytes, tempDir);
    }
}
