package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code app_state_keys}: app-state sync keys shared by the phone ({@code timestamp} in epoch millis). */
@Entity
@Table(name = "app_state_keys")
public class AppStateKeyRow extends FencedRow {

    @EmbeddedId
    private Keys.AppStateKey id;
    @Column(name = "key_data", nullable = false)
    private byte[] keyData;
    @Column(name = "fingerprint", nullable = false)
    private byte[] fingerprint;
    @Column(name = "timestamp", nullable = false)
    private long timestamp;

    protected AppStateKeyRow() {
    }

    public Keys.AppStateKey id() { return id; }
    public byte[] keyData() { return keyData; }
    public byte[] fingerprint() { return fingerprint; }
    public long timestamp() { return timestamp; }
}
