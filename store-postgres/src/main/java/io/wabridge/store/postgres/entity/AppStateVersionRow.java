package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code app_state_versions}: the version and LT-hash reached in one app-state collection. */
@Entity
@Table(name = "app_state_versions")
public class AppStateVersionRow extends FencedRow {

    @EmbeddedId
    private Keys.Collection id;
    @Column(name = "version", nullable = false)
    private long version;
    @Column(name = "hash", nullable = false)
    private byte[] hash;

    protected AppStateVersionRow() {
    }

    public Keys.Collection id() { return id; }
    public long version() { return version; }
    public byte[] hash() { return hash; }
}
