package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.store.PrivacyTokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/** Documents {s, j, tk, t, e}: session, contact JID, token, timestamp in epoch seconds, writer's epoch. */
final class MongoPrivacyTokenStore implements PrivacyTokenStore {

    static final String JID = "j";
    private static final String TOKEN = "tk";
    private static final String TIMESTAMP = "t";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoPrivacyTokenStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<PrivacyToken> load(String jid) {
        return Optional.ofNullable(collection.find(key(jid)).first()).map(MongoPrivacyTokenStore::decode);
    }

    @Override
    public Map<String, PrivacyToken> loadAll(Collection<String> jids) {
        Map<String, PrivacyToken> found = new HashMap<>();
        if (jids.isEmpty()) {
            return found;
        }
        BsonArray values = new BsonArray(jids.size());
        jids.forEach(jid -> values.add(new BsonString(jid)));
        for (BsonDocument doc : collection.find(Docs.session(sessionId).append(JID, new BsonDocument("$in", values)))) {
            PrivacyToken token = decode(doc);
            found.put(token.jid(), token);
        }
        return found;
    }

    @Override
    public void store(PrivacyToken token) {
        fence.write(() -> collection.replaceOne(fence.filter(key(token.jid())), document(token), Docs.UPSERT));
    }

    @Override
    public void storeAll(Collection<PrivacyToken> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(tokens.size());
        tokens.forEach(t -> writes.add(new ReplaceOneModel<>(fence.filter(key(t.jid())), document(t), Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.ORDERED);
    }

    @Override
    public void delete(String jid) {
        collection.deleteOne(fence.filter(key(jid)));
    }

    private BsonDocument key(String jid) {
        return Docs.session(sessionId).append(JID, new BsonString(Objects.requireNonNull(jid, "jid")));
    }

    private BsonDocument document(PrivacyToken token) {
        return fence.stamp(key(token.jid())).append(TOKEN, Docs.binary(token.token()))
                .append(TIMESTAMP, new BsonInt64(token.timestamp().getEpochSecond()));
    }

    private static PrivacyToken decode(BsonDocument doc) {
        return new PrivacyToken(doc.getString(JID).getValue(), Docs.bytes(doc, TOKEN),
                Instant.ofEpochSecond(doc.getInt64(TIMESTAMP).getValue()));
    }
}
