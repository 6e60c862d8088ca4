package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code threads}: chat metadata, paged by jid in byte order (the columns use collation "C"). */
@Entity
@Table(name = "threads")
public class ThreadRow extends FencedRow {

    @EmbeddedId
    private Keys.Jid id;
    @Column(name = "name", columnDefinition = "text")
    private String name;
    @Column(name = "last_message_timestamp", nullable = false)
    private long lastMessageTimestamp;
    @Column(name = "unread_count", nullable = false)
    private int unreadCount;
    @Column(name = "archived", nullable = false)
    private boolean archived;
    @Column(name = "pinned", nullable = false)
    private boolean pinned;
    @Column(name = "mute_end_timestamp", nullable = false)
    private long muteEndTimestamp;
    @Column(name = "ephemeral_expiration", nullable = false)
    private int ephemeralExpiration;
    @Column(name = "ephemeral_setting_timestamp", nullable = false)
    private long ephemeralSettingTimestamp;
    /** The chat's label ids as a JSON array of strings; null when none. */
    @Column(name = "labels", columnDefinition = "text")
    private String labels;

    protected ThreadRow() {
    }

    public Keys.Jid id() { return id; }
    public String name() { return name; }
    public long lastMessageTimestamp() { return lastMessageTimestamp; }
    public int unreadCount() { return unreadCount; }
    public boolean archived() { return archived; }
    public boolean pinned() { return pinned; }
    public long muteEndTimestamp() { return muteEndTimestamp; }
    public int ephemeralExpiration() { return ephemeralExpiration; }
    public long ephemeralSettingTimestamp() { return ephemeralSettingTimestamp; }
    public String labels() { return labels; }
}
