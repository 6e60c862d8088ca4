package io.wabridge.blobstore;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract on the AWS SDK for Java v2 against Adobe S3Mock, an S3-compatible HTTP server started in this JVM
 * (real HTTP, real SigV4 requests; it does not check signatures).
 */
class S3BlobStoreTest extends BlobStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path s3Root;

    private static S3MockApplication s3mock;
    private static S3Client client;

    private String bucket;
    private S3BlobStore store;

    @BeforeAll
    static void startS3() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        s3mock = S3MockApplication.start(new java.util.HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_ROOT_DIRECTORY, s3Root.toString(),
                S3MockApplication.PROP_SILENT, true,
                "spring.main.banner-mode", "off")));
        client = S3BlobStore.client("http://127.0.0.1:" + s3mock.getHttpPort(), "us-east-1", true, "test", "test");
    }

    @AfterAll
    static void stopS3() {
        if (client != null) {
            client.close();
        }
        if (s3mock != null) {
            s3mock.stop();
        }
    }

    @BeforeEach
    void open() {
        bucket = "media-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        store = new S3BlobStore(client, false, bucket, "blobs/", S3BlobStore.MIN_PART_SIZE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected int largeSize() {
        return 2 * S3BlobStore.MIN_PART_SIZE + 4321; // three parts
    }

    @Override
    protected int leftovers() {
        int objects = client.listObjectsV2(b -> b.bucket(bucket).prefix("blobs/tmp/")).keyCount();
        int uploads = client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        return objects + uploads;
    }

    @Override
    protected void leaveCrashedPut() {
        // died between completing the multipart upload and copying it to its key
        client.putObject(b -> b.bucket(bucket).key("blobs/tmp/crashed-before-copy"), RequestBody.fromBytes(new byte[10]));
        // died mid-upload: a multipart upload never completed nor aborted
        String id = client.createMultipartUpload(b -> b.bucket(bucket).key("blobs/tmp/crashed-mid-upload")).uploadId();
        client.uploadPart(b -> b.bucket(bucket).key("blobs/tmp/crashed-mid-upload").uploadId(id).partNumber(1),
                RequestBody.fromInputStream(new ByteArrayInputStream(new byte[100]), 100));
    }
}
