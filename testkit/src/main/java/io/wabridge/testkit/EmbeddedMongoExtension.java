package io.wabridge.testkit;

import io.wabridge.embedded.EmbeddedMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Mongo-wire server of the test class's own, for tests that stop it. Register it as
 * {@code @RegisterExtension static final EmbeddedMongoExtension MONGO = new EmbeddedMongoExtension();}.
 * Tests that only need a database should prefer the shared {@link MongoBackend}.
 */
public final class EmbeddedMongoExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedMongo mongo;

    @Override
    public void beforeAll(ExtensionContext context) {
        mongo = EmbeddedMongo.inMemory().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
    }

    public EmbeddedMongo server() {
        if (mongo == null) {
            throw new IllegalStateException("the server runs only between beforeAll and afterAll");
        }
        return mongo;
    }

    public String connectionString() {
        return server().connectionString();
    }
}
