package io.wabridge.store.postgres;

import io.wabridge.client.store.StoreContractTest;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.testkit.PostgresBackend;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store contract, unchanged, on a real PostgreSQL server: the machine's own binaries (a throw-away cluster the
 * testkit starts) and, when Docker is reachable, PostgreSQL 15 in a container. One schema per backend run.
 */
@ParameterizedClass
@EnumSource(PostgresBackend.class)
class PostgresStoreContractTest extends StoreContractTest {

    private static PostgresTestSchema schema;

    @Parameter
    PostgresBackend backend;

    @AfterParameterizedClassInvocation
    static void dropSchema() {
        if (schema != null) {
            schema.close();
            schema = null;
        }
    }

    @Override
    protected StoreProvider newProvider(StoreSettings settings) {
        if (schema == null) {
            schema = new PostgresTestSchema(backend, "store_contract");
        }
        return PostgresStoreProvider.connect(schema.options().withSettings(settings));
    }
}
