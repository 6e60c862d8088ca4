package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code identities}: a peer device's identity key (trust on first use). */
@Entity
@Table(name = "identities")
public class IdentityRow extends FencedRow {

    @EmbeddedId
    private Keys.Address id;
    @Column(name = "identity_key", nullable = false)
    private byte[] identityKey;

    protected IdentityRow() {
    }

    public Keys.Address id() { return id; }
    public byte[] identityKey() { return identityKey; }
}
