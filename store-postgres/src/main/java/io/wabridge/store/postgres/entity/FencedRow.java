package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** The lease epoch of the view that wrote a store row (0 = unfenced): what every fenced write and delete compares. */
@MappedSuperclass
public abstract class FencedRow {

    @Column(name = "epoch", nullable = false)
    private long epoch;

    protected FencedRow() {
    }

    protected FencedRow(long epoch) {
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }
}
