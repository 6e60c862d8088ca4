package io.wabridge.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.testkit.PostgresBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity mappings and the Flyway schema agree: Hibernate boots with {@code hibernate.hbm2ddl.auto=validate}
 * against the migrated schema (every mapped table, column and type checked), and refuses a schema that drifted.
 */
class EntityMappingTest {

    private static final Map<String, String> VALIDATE = Map.of("hibernate.hbm2ddl.auto", "validate");

    private PostgresTestSchema schema;

    @BeforeEach
    void migrate() {
        schema = new PostgresTestSchema(PostgresBackend.LOCAL_POSTGRES, "entity_mapping");
        PostgresStoreProvider.migrate(schema.options());
    }

    @AfterEach
    void drop() {
        schema.close();
    }

    @Test
    void theMappingsValidateAgainstTheMigratedSchema() {
        try (Database db = Database.open(schema.options(), VALIDATE)) {
            assertTrue(db.probe(java.time.Duration.ofSeconds(10)).isEmpty());
        }
    }

    @Test
    void aColumnOfAnotherTypeFailsTheValidation() throws SQLException {
        alter("ALTER TABLE signal_sessions ALTER COLUMN record TYPE text");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Database.open(schema.options(), VALIDATE).close());
        assertTrue(String.valueOf(e.getMessage()).contains("record"), e.getMessage());
    }

    @Test
    void aMissingColumnFailsTheValidation() throws SQLException {
        alter("ALTER TABLE contacts DROP COLUMN push_name");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Database.open(schema.options(), VALIDATE).close());
        assertTrue(String.valueOf(e.getMessage()).contains("push_name"), e.getMessage());
    }

    /**
     * This module loaded by a child-first class loader whose parent also holds it, as Quarkus loads the bridge (its
     * base loader's parent is the JVM class path, which has the same classes): Hibernate resolves entity names to
     * the child's classes, so the stores work (they failed with "Unknown entity type ...CredentialsRow").
     */
    @Test
    void theStoresWorkWhenThisModuleIsLoadedAgainByAChildFirstLoader() throws Exception {
        java.net.URL classes = Database.class.getProtectionDomain().getCodeSource().getLocation();
        String ownPackage = Database.class.getPackageName() + ".";
        try (java.net.URLClassLoader child = new java.net.URLClassLoader(new java.net.URL[] {classes},
                Database.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(ownPackage)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
        }) {
            Class<?> provider = child.loadClass(PostgresStoreProvider.class.getName());
            assertNotSame(PostgresStoreProvider.class, provider);
            Class<?> optionsType = child.loadClass(PostgresStoreOptions.class.getName());
            PostgresStoreOptions o = schema.options();
            Object options = optionsType.getConstructors()[0].newInstance(o.jdbcUrl(), o.user(), o.password(), o.schema(),
                    o.poolSize(), o.timeout(), o.settings());
            try (StoreProvider stores = (StoreProvider) provider.getMethod("lazy", optionsType).invoke(null, options)) {
                AccountStore account = stores.open("child-loader", 1);
                assertTrue(account.credentials().load().isEmpty());
                account.contacts().store(new io.wabridge.client.store.Contact("1@s.whatsapp.net", "Ann", null, null));
                assertEquals("Ann", account.contacts().load("1@s.whatsapp.net").orElseThrow().fullName());
            }
        }
    }

    private void alter(String sql) throws SQLException {
        try (Connection c = schema.jdbc(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO \"" + schema.options().schema() + "\"");
            st.execute(sql);
        }
    }
}
