package io.wabridge.client.history;

import io.wabridge.proto.wa.DeviceProps;

/**
 * How much history a device asks its phone for at pairing (DeviceProps {@code requireFullSync} and {@code
 * historySyncConfig}). The phone decides in the end: about three months by default, about a year with a full sync.
 */
public enum HistorySyncScope {
    /** No history: the phone is asked for one day at most, and every chunk it still sends is acknowledged unread. */
    NONE,
    /** The phone's default: recent history (WhatsApp Web's choice). */
    RECENT,
    /** Everything the phone is willing to send (requireFullSync, up to ten years and 10 GiB). */
    FULL;

    /** Sets this scope's fields on the DeviceProps sent at registration. */
    public void apply(DeviceProps.Builder props) {
        DeviceProps.HistorySyncConfig.Builder config = props.getHistorySyncConfigBuilder();
        switch (this) {
            case NONE -> {
                props.setRequireFullSync(false);
                config.setRecentSyncDaysLimit(1).setFullSyncDaysLimit(0).setFullSyncSizeMbLimit(0);
            }
            case RECENT -> props.setRequireFullSync(false);
            case FULL -> {
                props.setRequireFullSync(true);
                config.setFullSyncDaysLimit(3650).setFullSyncSizeMbLimit(10240);
            }
        }
    }

    /** The scope named in configuration ({@code none}, {@code recent}, {@code full}, any case). */
    public static HistorySyncScope parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("history sync scope must be none, recent or full: " + name, e);
        }
    }
}
