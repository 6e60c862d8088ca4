package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/** Documents {s, j, fn, gn, pn, e}: session, JID, full name, first (given) name, push name, writer's epoch. */
final class MongoContactStore implements ContactStore {

    static final String JID = "j";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoContactStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<Contact> load(String jid) {
        return Optional.ofNullable(collection.find(key(jid)).first()).map(MongoContactStore::decode);
    }

    @Override
    public void store(Contact contact) {
        fence.write(() -> collection.replaceOne(fence.filter(key(contact.jid())), document(contact), Docs.UPSERT));
    }

    @Override
    public void storeAll(Collection<Contact> contacts) {
        if (contacts.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(contacts.size());
        contacts.forEach(c -> writes.add(new ReplaceOneModel<>(fence.filter(key(c.jid())), document(c), Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.ORDERED);
    }

    @Override
    public void delete(String jid) {
        collection.deleteOne(fence.filter(key(jid)));
    }

    @Override
    public List<Contact> page(String afterJid, int limit) {
        Docs.checkLimit(limit);
        List<Contact> page = new ArrayList<>();
        for (BsonDocument doc : collection.find(Paging.after(sessionId, JID, afterJid)).sort(new BsonDocument(JID, new BsonInt32(1))).limit(limit)) {
            page.add(decode(doc));
        }
        return page;
    }

    private BsonDocument key(String jid) {
        return Docs.session(sessionId).append(JID, new BsonString(Objects.requireNonNull(jid, "jid")));
    }

    private BsonDocument document(Contact c) {
        BsonDocument doc = fence.stamp(key(c.jid()));
        Docs.appendIfPresent(doc, "fn", Docs.stringOrNull(c.fullName()));
        Docs.appendIfPresent(doc, "gn", Docs.stringOrNull(c.firstName()));
        return Docs.appendIfPresent(doc, "pn", Docs.stringOrNull(c.pushName()));
    }

    private static Contact decode(BsonDocument doc) {
        return new Contact(doc.getString(JID).getValue(), Docs.stringOrNull(doc, "fn"), Docs.stringOrNull(doc, "gn"),
                Docs.stringOrNull(doc, "pn"));
    }
}
