package io.wabridge.store.postgres;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private void alter(String sql) throws SQLException {
        try (Connection c = schema.jdbc(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO \"" + schema.options().schema() + "\"");
            st.execute(sql);
        }
    }
}
