package io.wabridge.store.postgres.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code signed_prekeys}. */
@Entity
@Table(name = "signed_prekeys")
public class SignedPreKeyRow extends NumberedRecordRow {

    protected SignedPreKeyRow() {
    }
}
