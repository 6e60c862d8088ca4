package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Table {@code bridge_sessions} (schema V2): the bridge's session registry. Written by the bridge's
 * {@code PostgresSessionRegistry}; mapped here so the schema validation covers it. Times in epoch millis.
 */
@Entity
@Table(name = "bridge_sessions")
public class BridgeSessionRow {

    @Id
    @Column(name = "id", columnDefinition = "text")
    private String id;
    @Column(name = "desired", nullable = false, columnDefinition = "text")
    private String desired;
    @Column(name = "state", nullable = false, columnDefinition = "text")
    private String state;
    @Column(name = "partition", nullable = false)
    private int partition;
    @Column(name = "partitions", nullable = false)
    private int partitions;
    @Column(name = "me_pn", columnDefinition = "text")
    private String mePn;
    @Column(name = "me_lid", columnDefinition = "text")
    private String meLid;
    @Column(name = "owner", columnDefinition = "text")
    private String owner;
    /** The lease epoch of the latest fenced write; null: none yet. */
    @Column(name = "epoch")
    private Long epoch;
    @Column(name = "created", nullable = false)
    private long created;
    @Column(name = "updated", nullable = false)
    private long updated;

    protected BridgeSessionRow() {
    }

    public String id() { return id; }
    public String desired() { return desired; }
    public String state() { return state; }
    public int partition() { return partition; }
    public int partitions() { return partitions; }
    public String mePn() { return mePn; }
    public String meLid() { return meLid; }
    public String owner() { return owner; }
    public Long epoch() { return epoch; }
    public long created() { return created; }
    public long updated() { return updated; }
}
