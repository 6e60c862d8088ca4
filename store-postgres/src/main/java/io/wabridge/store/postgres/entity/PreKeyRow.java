package io.wabridge.store.postgres.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code prekeys}: one-time prekeys not consumed yet. */
@Entity
@Table(name = "prekeys")
public class PreKeyRow extends NumberedRecordRow {

    protected PreKeyRow() {
    }
}
