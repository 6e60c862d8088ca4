package io.wabridge.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.wabridge.testkit.MongoBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract on the real MongoDB driver's GridFS, against the in-JVM Mongo-wire server and (with Docker) mongo:7. */
@ParameterizedClass
@EnumSource(MongoBackend.class)
class GridFsBlobStoreTest extends BlobStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    /** Small chunks so that a "large" blob spans many of them without making the test slow. */
    private static final int CHUNK = 16 * 1024;

    @Parameter
    MongoBackend backend;

    private MongoClient client;
    private MongoDatabase db;
    private String bucketName;
    private GridFsBlobStore store;

    @BeforeEach
    void open() {
        if (client == null) {
            client = MongoClients.create(backend.connectionString());
        }
        db = client.getDatabase("blobstore_test");
        bucketName = "media" + BUCKETS.incrementAndGet();
        store = new GridFsBlobStore(db, bucketName, CHUNK);
    }

    @AfterEach
    void closeClient() {
        if (client == null) {
            return; // the backend skipped itself
        }
        db.getCollection(bucketName + ".files").drop();
        db.getCollection(bucketName + ".chunks").drop();
        client.close();
        client = null;
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected int largeSize() {
        return 5 * CHUNK + 123;
    }

    @Override
    protected int leftovers() {
        MongoCollection<Document> files = db.getCollection(bucketName + ".files");
        MongoCollection<Document> chunks = db.getCollection(bucketName + ".chunks");
        int count = (int) files.countDocuments(com.mongodb.client.model.Filters.regex("filename", "^tmp/"));
        Set<BsonValue> fileIds = new HashSet<>();
        for (Document f : files.find()) {
            fileIds.add(f.toBsonDocument().get("_id"));
        }
        List<BsonValue> chunkOwners = chunks.distinct("files_id", BsonValue.class).into(new ArrayList<>());
        for (BsonValue owner : chunkOwners) {
            if (!fileIds.contains(owner)) {
                count++;
            }
        }
        return count;
    }

    @Override
    protected void leaveCrashedPut() {
        var bucket = GridFSBuckets.create(db, bucketName).withChunkSizeBytes(CHUNK);
        // died mid-upload: chunks without a files document
        GridFSUploadStream up = bucket.openUploadStream("tmp/crashed-mid-upload");
        up.write(new byte[3 * CHUNK]);
        up.flush();
        // died between completion and rename
        bucket.uploadFromStream("tmp/crashed-before-rename", new ByteArrayInputStream(new byte[10]));
    }

    /**
     * A download fetches about 1 MiB of chunks per round trip: little heap per download, and servers that ignore
     * mongod's 16 MiB batch cap (the Mongo-wire server answers a find with all of it; the driver refuses replies over
     * 48 MB, so a 100 MB blob could not be read) still serve large blobs.
     */
    @Test
    void readsChunksInBatchesOfAboutOneMebibyte() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                if (cursor != null && cursor.getString("ns", new BsonString("")).getValue().endsWith(".chunks")) {
                    var docs = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch");
                    batches.add(docs.size());
                }
            }
        };
        try (MongoClient monitored = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(backend.connectionString()))
                .addCommandListener(listener).build())) {
            GridFsBlobStore small = new GridFsBlobStore(monitored.getDatabase("blobstore_test"), bucketName, CHUNK);
            byte[] data = random(200 * CHUNK, 13);
            String sha = small.put(new ByteArrayInputStream(data), "video/mp4").blob().sha256();
            batches.clear();
            try (InputStream in = small.open(sha).orElseThrow()) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
        int perBatch = 1024 * 1024 / CHUNK;
        assertTrue(batches.size() >= 200 / perBatch, "batches " + batches);
        assertTrue(batches.stream().allMatch(n -> n <= perBatch), "batches " + batches);
    }
}
