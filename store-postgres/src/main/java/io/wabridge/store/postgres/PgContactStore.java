package io.wabridge.store.postgres;

import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, jid, full_name, first_name, push_name, epoch). */
final class PgContactStore implements ContactStore {

    private static final String COLUMNS = "jid, full_name, first_name, push_name";

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgContactStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("contacts");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("jid"), List.of("full_name", "first_name", "push_name"));
    }

    @Override
    public Optional<Contact> load(String jid) {
        List<Object[]> rows = db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE session_id = ?1 AND jid = ?2",
                fence.sessionId(), Objects.requireNonNull(jid, "jid"));
        return rows.isEmpty() ? Optional.empty() : Optional.of(decode(rows.get(0)));
    }

    @Override
    public void store(Contact contact) {
        storeAll(List.of(contact));
    }

    @Override
    public void storeAll(Collection<Contact> contacts) {
        if (contacts.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            rows.add(new Object[] {c.jid(), c.fullName(), c.firstName(), c.pushName()});
        }
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public void delete(String jid) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND jid = ?2 AND epoch <= ?3", fence.sessionId(),
                Objects.requireNonNull(jid, "jid"), fence.epoch());
    }

    @Override
    public List<Contact> page(String afterJid, int limit) {
        return Paging.page(db, COLUMNS, table, fence.sessionId(), afterJid, limit, PgContactStore::decode);
    }

    private static Contact decode(Object[] r) {
        return new Contact((String) r[0], (String) r[1], (String) r[2], (String) r[3]);
    }
}
