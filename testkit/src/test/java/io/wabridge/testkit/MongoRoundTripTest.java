package io.wabridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes and reads through the real MongoDB driver on every Mongo backend. */
@ParameterizedClass
@EnumSource(MongoBackend.class)
class MongoRoundTripTest {

    @Parameter
    MongoBackend backend;

    @Test
    void upsertThenReadBackBySessionScopedKey() {
        try (MongoClient client = MongoClients.create(backend.connectionString())) {
            MongoCollection<Document> sessions = client.getDatabase("rt_" + UUID.randomUUID().toString().replace("-", ""))
                    .getCollection("signal_sessions");
            Document key = new Document("s", "acme").append("k", "15550001111.0");
            sessions.replaceOne(Filters.eq("_id", key), new Document("_id", key).append("record", new byte[] {1, 2, 3}),
                    new ReplaceOptions().upsert(true));
            sessions.replaceOne(Filters.eq("_id", key), new Document("_id", key).append("record", new byte[] {4}),
                    new ReplaceOptions().upsert(true));

            assertEquals(1, sessions.countDocuments());
            Document read = sessions.find(Filters.eq("_id", key)).first();
            assertEquals(4, read.get("record", org.bson.types.Binary.class).getData()[0]);
        }
    }

    @Test
    void compoundUniqueIndexRejectsASecondDocumentForTheSameKey() {
        try (MongoClient client = MongoClients.create(backend.connectionString())) {
            MongoCollection<Document> registry = client.getDatabase("rt_" + UUID.randomUUID().toString().replace("-", ""))
                    .getCollection("sessions");
            registry.createIndex(Indexes.ascending("tenant", "sessionId"), new IndexOptions().unique(true));
            registry.insertOne(new Document("tenant", "acme").append("sessionId", "support"));
            MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                    () -> registry.insertOne(new Document("tenant", "acme").append("sessionId", "support")));
            assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(duplicate.getCode()));
        }
    }

    /** The store's query shapes (session prefix, key plus epoch condition) give the same answers on every backend. */
    @Test
    void sessionPrefixAndKeyWithConditionQueriesSeeUpdatesAndKeepInsertionOrder() {
        try (MongoClient client = MongoClients.create(backend.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("pq_" + UUID.randomUUID().toString().replace("-", ""))
                    .getCollection("prekeys");
            c.createIndex(Indexes.ascending("s", "i"), new IndexOptions().unique(true));
            for (int i = 0; i < 6; i++) {
                c.insertOne(new Document("s", i % 2 == 0 ? "a" : "b").append("i", i).append("e", (long) i));
            }
            assertEquals(java.util.List.of(0, 2, 4), ids(c.find(Filters.eq("s", "a"))));
            assertEquals(java.util.List.of(2, 4), ids(c.find(Filters.and(Filters.eq("s", "a"), Filters.gte("e", 2L)))));
            assertEquals(java.util.List.of(3), ids(c.find(Filters.and(Filters.eq("s", "b"), Filters.eq("i", 3),
                    Filters.or(Filters.lte("e", 3L), Filters.exists("e", false))))));
            assertEquals(java.util.List.of(), ids(c.find(Filters.and(Filters.eq("s", "b"), Filters.eq("i", 3),
                    Filters.lte("e", 2L)))), "the condition still applies to the document the key finds");

            c.updateOne(Filters.eq("i", 4), new Document("$set", new Document("s", "b")));
            assertEquals(java.util.List.of(0, 2), ids(c.find(Filters.eq("s", "a"))), "moved away");
            assertEquals(java.util.List.of(1, 3, 4, 5), ids(c.find(Filters.eq("s", "b"))).stream().sorted().toList());
            c.deleteMany(Filters.and(Filters.eq("s", "b"), Filters.lte("e", 3L)));
            assertEquals(java.util.List.of(4, 5), ids(c.find(Filters.eq("s", "b"))).stream().sorted().toList());
        }
    }

    private static java.util.List<Integer> ids(Iterable<Document> docs) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        docs.forEach(d -> out.add(d.getInteger("i")));
        return out;
    }
}
