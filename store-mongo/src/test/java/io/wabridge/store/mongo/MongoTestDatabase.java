package io.wabridge.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.wabridge.testkit.MongoBackend;
import java.util.UUID;

/** A client on one backend and a database of its own, dropped on close. */
final class MongoTestDatabase implements AutoCloseable {

    private final MongoClient client;
    private final MongoDatabase database;

    MongoTestDatabase(MongoBackend backend, String purpose) {
        this.client = MongoClients.create(backend.connectionString());
        this.database = client.getDatabase(purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        try {
            database.drop();
        } finally {
            client.close();
        }
    }
}
