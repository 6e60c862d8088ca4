package io.wabridge.blobstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import io.wabridge.testkit.MongoBackend;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

    @org.junit.jupiter.api.AfterEach
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
        bucket.uploadFromStream("tmp/crashed-before-rename", new java.io.ByteArrayInputStream(new byte[10]));
    }
}
