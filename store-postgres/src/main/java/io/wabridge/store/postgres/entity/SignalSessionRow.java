package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code signal_sessions}: a serialized Signal session record per peer device. */
@Entity
@Table(name = "signal_sessions")
public class SignalSessionRow extends FencedRow {

    @EmbeddedId
    private Keys.Address id;
    @Column(name = "record", nullable = false)
    private byte[] record;

    protected SignalSessionRow() {
    }

    public Keys.Address id() { return id; }
    public byte[] record() { return record; }
}
