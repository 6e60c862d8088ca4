package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code messages}: recently sent messages kept for retries, until {@code expires_at} (epoch millis). */
@Entity
@Table(name = "messages")
public class MessageRow extends FencedRow {

    @EmbeddedId
    private Keys.Message id;
    @Column(name = "message", nullable = false)
    private byte[] message;
    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    protected MessageRow() {
    }

    public Keys.Message id() { return id; }
    public byte[] message() { return message; }
    public long expiresAt() { return expiresAt; }
}
