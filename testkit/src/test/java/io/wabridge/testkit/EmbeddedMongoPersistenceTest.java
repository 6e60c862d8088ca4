package io.wabridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.embedded.FreePorts;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's file-backed Mongo-wire server keeps its documents across a restart. */
class EmbeddedMongoPersistenceTest {

    @TempDir
    Path dir;

    private static MongoClient client(EmbeddedMongo mongo) {
        return MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                .build());
    }

    @Test
    void documentsWrittenBeforeAStopAreReadAfterTheRestart() {
        EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve("data/mongo.mv"), FreePorts.pick()).start();
        try (MongoClient client = client(mongo)) {
            client.getDatabase("wabridge").getCollection("sessions").insertOne(new Document("_id", "acme").append("desired", "connected"));
        }
        mongo.stop();

        try (MongoClient client = client(mongo)) {
            assertThrows(MongoTimeoutException.class,
                    () -> client.getDatabase("wabridge").getCollection("sessions").countDocuments());
        }

        mongo.start();
        try (MongoClient client = client(mongo)) {
            Document back = client.getDatabase("wabridge").getCollection("sessions").find().first();
            assertEquals("connected", back.getString("desired"));
        } finally {
            mongo.close();
        }
    }
}
