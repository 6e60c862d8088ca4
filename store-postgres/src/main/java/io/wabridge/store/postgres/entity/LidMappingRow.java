package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code lid_mappings}: one row per direction of a LID-PN mapping, so each lookup is one key hit. */
@Entity
@Table(name = "lid_mappings")
public class LidMappingRow extends FencedRow {

    @EmbeddedId
    private Keys.LidMapping id;
    @Column(name = "v", nullable = false, columnDefinition = "text")
    private String v;

    protected LidMappingRow() {
    }

    public Keys.LidMapping id() { return id; }
    public String v() { return v; }
}
