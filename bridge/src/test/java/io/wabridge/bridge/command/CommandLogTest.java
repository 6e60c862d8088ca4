package io.wabridge.bridge.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.testkit.MongoBackend;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(MongoBackend.class)
class CommandLogTest {

    @Parameter
    MongoBackend backend;

    private MongoClient client;
    private MongoDatabase db;
    private CommandLog log;

    @BeforeEach
    void open() {
        client = MongoClients.create(backend.connectionString());
        db = client.getDatabase("commands_" + UUID.randomUUID().toString().replace("-", ""));
        log = new CommandLog(db, "t_", InstantSource.system(), Duration.ofDays(7));
        log.createIndexes();
    }

    @AfterEach
    void close() {
        if (client != null) { // null when the backend skipped itself
            db.drop();
            client.close();
        }
    }

    @Test
    void aStoredResultIsFoundByItsSessionAndCommandId() {
        assertTrue(log.find("acme", "c-1").isEmpty());
        log.record("acme", "c-1", "logout", CommandResults.ok());
        assertEquals(CommandResults.ok(), log.find("acme", "c-1").orElseThrow());
        assertTrue(log.find("other", "c-1").isEmpty(), "command ids are per session");
        assertTrue(log.find("acme", "c-2").isEmpty());
    }

    @Test
    void theFirstResultStoredWins() {
        var first = CommandResults.error(ErrorCode.UNKNOWN_SESSION, "no session");
        log.record("acme", "c-1", "disconnect", first);
        log.record("acme", "c-1", "disconnect", CommandResults.ok());
        assertEquals(first, log.find("acme", "c-1").orElseThrow());
    }
}
