package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code privacy_tokens}: a contact's trusted-contact token ({@code timestamp} in epoch seconds). */
@Entity
@Table(name = "privacy_tokens")
public class PrivacyTokenRow extends FencedRow {

    @EmbeddedId
    private Keys.Jid id;
    @Column(name = "token", nullable = false)
    private byte[] token;
    @Column(name = "timestamp", nullable = false)
    private long timestamp;

    protected PrivacyTokenRow() {
    }

    public Keys.Jid id() { return id; }
    public byte[] token() { return token; }
    public long timestamp() { return timestamp; }
}
