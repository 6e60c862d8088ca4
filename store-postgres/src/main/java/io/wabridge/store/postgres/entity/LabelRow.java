package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code chat_labels}: the account's labels (app state), paged by id in byte order. */
@Entity
@Table(name = "chat_labels")
public class LabelRow extends FencedRow {

    @EmbeddedId
    private Keys.Label id;
    @Column(name = "name", columnDefinition = "text")
    private String name;
    @Column(name = "color", nullable = false)
    private int color;

    protected LabelRow() {
    }

    public Keys.Label id() { return id; }
    public String name() { return name; }
    public int color() { return color; }
}
