package io.wabridge.blobstore;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Blobs in MongoDB GridFS (the database the bridge already has), through the real driver's {@link GridFSBucket}.
 *
 * <p>A put uploads under a temporary file name ({@code tmp/<id>}) while hashing; GridFS writes the files document
 * only when the upload completes, and {@link GridFSUploadStream#abort()} deletes the chunks of a failed one. The
 * completed file is then renamed to its key (or, when the key is already stored, deleted and the stored one
 * refreshed). Lookups are by file name (the driver's {@code filename_1_uploadDate_1} index); {@code uploadDate} is
 * the blob's {@link BlobInfo#createdAt()}; the mimetype is in {@code metadata.mimetype}.
 */
public final class GridFsBlobStore implements BlobStore {
    /** GridFS' default chunk size (255 KiB): the upload buffer, whatever the blob's size. */
    public static final int DEFAULT_CHUNK_SIZE = 255 * 1024;
    private static final String TMP_PREFIX = "tmp/";
    private static final Pattern TMP_NAMES = Pattern.compile("^tmp/");
    /** Orphan chunks are looked for among uploads started this long before the purge cutoff. */
    private static final long ORPHAN_WINDOW_DAYS = 7;

    /**
     * Chunks fetched per round trip when reading: about 1 MiB, so a download holds little heap (mongod would send up
     * to 16 MiB per batch) and servers that ignore the 16 MiB batch cap (the in-JVM Mongo-wire server sends a whole
     * query result in one reply, which the driver refuses above 48 MB) still serve large blobs.
     */
    private static final int READ_BATCH_BYTES = 1024 * 1024;

    private final GridFSBucket bucket;
    private final int batchSize;
    private final MongoCollection<Document> files;
    private final MongoCollection<Document> chunks;

    public GridFsBlobStore(MongoDatabase database, String bucketName) {
        this(database, bucketName, DEFAULT_CHUNK_SIZE);
    }

    public GridFsBlobStore(MongoDatabase database, String bucketName, int chunkSizeBytes) {
        this.bucket = GridFSBuckets.create(database, bucketName).withChunkSizeBytes(chunkSizeBytes);
        this.batchSize = Math.max(2, READ_BATCH_BYTES / chunkSizeBytes);
        this.files = database.getCollection(bucketName + ".files");
        this.chunks = database.getCollection(bucketName + ".chunks");
    }

    @Override
    public String kind() {
        return "gridfs";
    }

    @Override
    public PutResult put(InputStream in, String mimetype, long maxBytes) throws IOException {
        DigestingInputStream src = new DigestingInputStream(in, maxBytes);
        ObjectId id = new ObjectId();
        String mt = BlobInfo.mimetypeOrDefault(mimetype);
        GridFSUploadStream up = bucket.openUploadStream(new BsonObjectId(id), TMP_PREFIX + id.toHexString(),
                new GridFSUploadOptions().metadata(new Document("mimetype", mt)));
        try {
            byte[] buf = new byte[DigestingInputStream.BUFFER_SIZE];
            for (int n; (n = src.read(buf, 0, buf.length)) >= 0; ) {
                up.write(buf, 0, n);
            }
            up.close();
        } catch (IOException | RuntimeException e) {
            try {
                up.abort();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e instanceof IOException io ? io : new IOException("GridFS upload failed", e);
        }
        String sha = src.sha256Hex();
        try {
            Optional<GridFSFile> stored = find(sha);
            if (stored.isPresent()) {
                bucket.delete(id);
                files.updateOne(Filters.eq("_id", stored.get().getId()), Updates.set("uploadDate", new Date()));
                return new PutResult(info(sha).orElseThrow(), false);
            }
            bucket.rename(id, sha);
        } catch (RuntimeException e) {
            try {
                bucket.delete(id);
            } catch (RuntimeException deleteFailed) {
                e.addSuppressed(deleteFailed);
            }
            throw new IOException("GridFS put of " + sha + " failed", e);
        }
        return new PutResult(info(sha).orElseThrow(), true);
    }

    @Override
    public Optional<BlobInfo> info(String sha256) {
        return find(sha256).map(f -> new BlobInfo(sha256, f.getLength(), mimetype(f), f.getUploadDate().toInstant()));
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset) throws IOException {
        Optional<GridFSFile> file = find(sha256);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        GridFSDownloadStream stream;
        try {
            stream = bucket.openDownloadStream(file.get().getId()).batchSize(batchSize);
        } catch (MongoGridFSException e) {
            return Optional.empty(); // deleted meanwhile
        }
        if (offset > 0) {
            long skipped = stream.skip(offset); // the driver seeks to the chunk, it does not read the ones before
            if (skipped != offset) {
                stream.close();
                throw new IOException("offset " + offset + " past the end of " + sha256);
            }
        }
        return Optional.of(stream);
    }

    @Override
    public boolean delete(String sha256) {
        Sha256Hex.require(sha256);
        boolean any = false;
        for (GridFSFile f : bucket.find(Filters.eq("filename", sha256))) {
            try {
                bucket.delete(f.getId());
                any = true;
            } catch (MongoGridFSException e) {
                // deleted meanwhile
            }
        }
        return any;
    }

    @Override
    public List<String> olderThan(Instant cutoff, int limit) {
        List<String> found = new ArrayList<>();
        for (GridFSFile f : bucket.find(Filters.lt("uploadDate", Date.from(cutoff))).sort(Sorts.ascending("uploadDate"))) {
            if (found.size() >= limit) {
                break;
            }
            if (Sha256Hex.isValid(f.getFilename()) && !found.contains(f.getFilename())) {
                found.add(f.getFilename());
            }
        }
        return found;
    }

    @Override
    public int purgeAbandoned(Instant cutoff) {
        int removed = 0;
        // completed uploads never renamed (the process died between completion and rename)
        for (GridFSFile f : bucket.find(Filters.and(Filters.regex("filename", TMP_NAMES),
                Filters.lt("uploadDate", Date.from(cutoff))))) {
            try {
                bucket.delete(f.getId());
                removed++;
            } catch (MongoGridFSException e) {
                // deleted meanwhile
            }
        }
        // chunks of uploads that never completed nor aborted (the process died mid-upload): the ObjectId of the
        // upload carries its start time, so only uploads started in the window before the cutoff are looked at
        ObjectId from = new ObjectId(Date.from(cutoff.minus(ORPHAN_WINDOW_DAYS, ChronoUnit.DAYS)));
        ObjectId to = new ObjectId(Date.from(cutoff));
        List<BsonValue> ids = chunks.distinct("files_id",
                Filters.and(Filters.gte("files_id", from), Filters.lt("files_id", to)), BsonValue.class)
                .into(new ArrayList<>());
        for (BsonValue fileId : ids) {
            if (files.find(Filters.eq("_id", fileId)).limit(1).first() == null) {
                chunks.deleteMany(Filters.eq("files_id", fileId));
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {
        // the MongoClient belongs to the caller
    }

    private Optional<GridFSFile> find(String sha256) {
        Sha256Hex.require(sha256);
        return Optional.ofNullable(bucket.find(Filters.eq("filename", sha256))
                .sort(Sorts.descending("uploadDate")).limit(1).first());
    }

    private static String mimetype(GridFSFile f) {
        Document meta = f.getMetadata();
        return meta == null ? null : meta.getString("mimetype");
    }
}
