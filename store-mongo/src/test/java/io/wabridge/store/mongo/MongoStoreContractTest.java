package io.wabridge.store.mongo;

import io.wabridge.client.store.StoreContractTest;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.testkit.MongoBackend;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The store contract on every Mongo backend, one database per backend run (dropped after it). */
@ParameterizedClass
@EnumSource(MongoBackend.class)
class MongoStoreContractTest extends StoreContractTest {

    private static MongoTestDatabase db;

    @Parameter
    MongoBackend backend;

    @AfterParameterizedClassInvocation
    static void disconnect() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    /** The provider does not own the client here, so closing it after each test keeps the connection. */
    @Override
    protected StoreProvider newProvider(StoreSettings settings) {
        if (db == null) { // connected on first use, so an unavailable backend skips each test visibly
            db = new MongoTestDatabase(backend, "store_contract");
        }
        return new MongoStoreProvider(db.database(), new MongoStoreOptions(MongoStoreOptions.DEFAULT_PREFIX, settings));
    }
}
