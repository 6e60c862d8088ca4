package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.MappedSuperclass;

/** A serialized record numbered within its session: the shape of {@link PreKeyRow} and {@link SignedPreKeyRow}. */
@MappedSuperclass
public abstract class NumberedRecordRow extends FencedRow {

    @EmbeddedId
    private Keys.Numbered id;
    @Column(name = "record", nullable = false)
    private byte[] record;

    protected NumberedRecordRow() {
    }

    public Keys.Numbered id() { return id; }
    public byte[] record() { return record; }
}
