package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code app_state_macs}: the value MAC of each index MAC in an app-state collection. */
@Entity
@Table(name = "app_state_macs")
public class AppStateMacRow extends FencedRow {

    @EmbeddedId
    private Keys.IndexMac id;
    @Column(name = "value_mac", nullable = false)
    private byte[] valueMac;

    protected AppStateMacRow() {
    }

    public Keys.IndexMac id() { return id; }
    public byte[] valueMac() { return valueMac; }
}
