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
}
