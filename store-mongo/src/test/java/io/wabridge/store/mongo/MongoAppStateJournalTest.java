package io.wabridge.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.IndexValueMac;
import io.wabridge.testkit.MongoBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redo journal behind {@code apply} on MongoDB: a patch recorded but not carried out (a crash after the commit
 * point) is finished by the next load, with journals split over several documents; before the commit point the old
 * state stays whole.
 */
class MongoAppStateJournalTest {

    private MongoTestDatabase db;
    private MongoCollection<BsonDocument> versions;
    private MongoCollection<BsonDocument> macs;

    @BeforeEach
    void connect() {
        db = new MongoTestDatabase(MongoBackend.MONGO_WIRE, "appstate_journal");
        versions = db.database().getCollection("versions", BsonDocument.class);
        macs = db.database().getCollection("macs", BsonDocument.class);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private MongoAppStateVersionStore store() {
        return new MongoAppStateVersionStore("s1", versions, macs, new Fence("s1", 0), 3);
    }

    @Test
    void aRecordedPatchIsFinishedByTheNextLoad() {
        MongoAppStateVersionStore first = store();
        List<IndexValueMac> snapshot = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            snapshot.add(mac(i, 100 + i));
        }
        first.apply(new AppStateVersion("regular", 5, bytes(5, 128)), true, List.of(), snapshot);
        assertEquals(0, versions.countDocuments(new BsonDocument("c", new BsonString("regular#j0"))), "journal cleaned up");

        // the crash: the intent is written (3 journal documents for 7 changes), nothing carried out
        AppStateVersion next = new AppStateVersion("regular", 6, bytes(6, 128));
        List<IndexValueMac> puts = List.of(mac(1, 201), mac(8, 208), mac(9, 209), mac(10, 210));
        int chunks = first.record(next, false, List.of(bytes(2, 32), bytes(3, 32), bytes(4, 32)), puts);
        assertEquals(3, chunks);
        assertEquals(3, macs.countDocuments(new BsonDocument("i", new BsonDocument("$in",
                new org.bson.BsonArray(List.of(Docs.binary(bytes(2, 32)), Docs.binary(bytes(3, 32)), Docs.binary(bytes(4, 32))))))),
                "the MACs are untouched before the replay");

        MongoAppStateVersionStore restarted = store();
        assertEquals(next, restarted.load("regular").orElseThrow());
        List<byte[]> all = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            all.add(bytes(i, 32));
        }
        assertEquals(Set.of(mac(1, 201), mac(5, 105), mac(6, 106), mac(7, 107), mac(8, 208), mac(9, 209), mac(10, 210)),
                Set.copyOf(restarted.loadValueMacs("regular", all)));
        assertFalse(versions.find(new BsonDocument("c", new BsonString("regular"))).first().containsKey("j"));
        assertEquals(next, restarted.load("regular").orElseThrow(), "replaying is done once");
        assertTrue(versions.countDocuments(new BsonDocument("c", new BsonString("regular#j2"))) == 0);
    }

    private static IndexValueMac mac(int index, int value) {
        return new IndexValueMac(bytes(index, 32), bytes(value, 32));
    }

    private static byte[] bytes(int seed, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) seed);
        b[0] = (byte) (seed >> 8);
        return b;
    }
}
