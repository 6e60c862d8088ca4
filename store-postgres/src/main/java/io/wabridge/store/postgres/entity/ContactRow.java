package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code contacts}: names of the account's contacts, paged by jid in byte order (collation "C"). */
@Entity
@Table(name = "contacts")
public class ContactRow extends FencedRow {

    @EmbeddedId
    private Keys.Jid id;
    @Column(name = "full_name", columnDefinition = "text")
    private String fullName;
    @Column(name = "first_name", columnDefinition = "text")
    private String firstName;
    @Column(name = "push_name", columnDefinition = "text")
    private String pushName;

    protected ContactRow() {
    }

    public Keys.Jid id() { return id; }
    public String fullName() { return fullName; }
    public String firstName() { return firstName; }
    public String pushName() { return pushName; }
}
