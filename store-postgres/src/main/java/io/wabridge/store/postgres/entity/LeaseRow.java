package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Table {@code leases} (schema V2): which worker owns a session until when, and the lease epoch that fences the
 * store rows. Written by the bridge's {@code PostgresLeaseStore}; mapped here so the schema validation covers it.
 */
@Entity
@Table(name = "leases")
public class LeaseRow {

    @Id
    @Column(name = "session_id", columnDefinition = "text")
    private String sessionId;
    @Column(name = "owner", columnDefinition = "text")
    private String owner;
    @Column(name = "epoch", nullable = false)
    private long epoch;
    @Column(name = "expires", nullable = false)
    private long expires;
    @Column(name = "acquired", nullable = false)
    private long acquired;

    protected LeaseRow() {
    }

    public String sessionId() { return sessionId; }
    public String owner() { return owner; }
    public long epoch() { return epoch; }
    public long expires() { return expires; }
    public long acquired() { return acquired; }
}
