package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code sender_keys}: a group member device's serialized sender key record. */
@Entity
@Table(name = "sender_keys")
public class SenderKeyRow extends FencedRow {

    @EmbeddedId
    private Keys.SenderKey id;
    @Column(name = "record", nullable = false)
    private byte[] record;

    protected SenderKeyRow() {
    }

    public Keys.SenderKey id() { return id; }
    public byte[] record() { return record; }
}
