package io.wabridge.store.postgres;

import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import io.wabridge.store.postgres.entity.ContactRow;
import io.wabridge.store.postgres.entity.Keys;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ContactRow}s: read by key or in jid pages, written by the fenced upsert. */
final class PgContactStore implements ContactStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgContactStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(ContactRow.class), List.of("jid"), List.of("full_name", "first_name", "push_name"));
    }

    @Override
    public Optional<Contact> load(String jid) {
        return Rows.get(db, ContactRow.class, new Keys.Jid(fence.sessionId(), Objects.requireNonNull(jid, "jid")))
                .map(PgContactStore::decode);
    }

    @Override
    public void store(Contact contact) {
        storeAll(List.of(contact));
    }

    @Override
    public void storeAll(Collection<Contact> contacts) {
        upsert.writeAll(db, fence, contacts, c -> new Object[] {c.jid(), c.fullName(), c.firstName(), c.pushName()});
    }

    @Override
    public void delete(String jid) {
        JidRows.delete(db, fence, ContactRow.class, jid);
    }

    @Override
    public List<Contact> page(String afterJid, int limit) {
        return JidRows.page(db, ContactRow.class, fence.sessionId(), afterJid, limit, PgContactStore::decode);
    }

    private static Contact decode(ContactRow r) {
        return new Contact(r.id().jid(), r.fullName(), r.firstName(), r.pushName());
    }
}
