package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * Table {@code command_results} (schema V2): a command's result kept for de-duplication. Written by the bridge's
 * {@code PostgresCommandStorage}; mapped here so the schema validation covers it.
 */
@Entity
@Table(name = "command_results")
public class CommandResultRow {

    @EmbeddedId
    private Keys.CommandResult id;
    @Column(name = "type", nullable = false, columnDefinition = "text")
    private String type;
    @Column(name = "result", nullable = false)
    private byte[] result;
    @Column(name = "at", nullable = false)
    private long at;

    protected CommandResultRow() {
    }

    public Keys.CommandResult id() { return id; }
    public String type() { return type; }
    public byte[] result() { return result; }
    public long at() { return at; }
}
