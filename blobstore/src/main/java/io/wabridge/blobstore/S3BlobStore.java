package io.wabridge.blobstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs in S3-compatible object storage (AWS S3, MinIO, ...) through the AWS SDK for Java v2, one object per blob
 * under {@code <prefix><sha256>} with the mimetype as its {@code Content-Type} and its {@code Last-Modified} as
 * {@link BlobInfo#createdAt()}.
 *
 * <p>The key is known only at the end of the bytes, so: a blob that fits in one part buffer ({@code partSize},
 * 8 MiB by default, at least S3's 5 MiB part minimum) goes up with one {@code PutObject} under its key; a larger one
 * goes up as a multipart upload to {@code <prefix>tmp/<uuid>} (aborted on any failure, so S3 keeps no part), then is
 * copied server-side to its key and the temporary object deleted. Heap use is one part buffer per running put.
 * A re-put of stored bytes copies the object onto itself (with a new {@code x-amz-meta-touched-at}) to refresh
 * {@code Last-Modified}. Single-object copies are
 * limited to 5 GB by S3, far above any WhatsApp media.
 */
public final class S3BlobStore implements BlobStore {
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    private static final String TMP = "tmp/";

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String prefix;
    private final int partSize;

    /**
     * @param prefix key prefix of every object (may be empty; e.g. {@code media/})
     * @param ownsClient whether {@link #close()} closes {@code s3}
     */
    public S3BlobStore(S3Client s3, boolean ownsClient, String bucket, String prefix, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least " + MIN_PART_SIZE + " bytes, not " + partSize);
        }
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.partSize = partSize;
    }

    /**
     * A client for AWS or any S3-compatible endpoint.
     *
     * @param endpoint {@code null} for AWS itself, else e.g. {@code http://minio:9000}
     * @param accessKey {@code null} to use the SDK's default chain (environment, profile, instance role)
     * @param pathStyle {@code true} for MinIO and most S3-compatible servers ({@code endpoint/bucket/key})
     */
    public static S3Client client(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        if (accessKey != null && !accessKey.isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public PutResult put(InputStream in, String mimetype, long maxBytes) throws IOException {
        DigestingInputStream src = new DigestingInputStream(in, maxBytes);
        String mt = BlobInfo.mimetypeOrDefault(mimetype);
        byte[] part = new byte[partSize];
        int n = src.readFully(part);
        try {
            if (n < partSize) {
                String sha = src.sha256Hex();
                if (exists(sha)) {
                    return new PutResult(touch(sha), false);
                }
                s3.putObject(b -> b.bucket(bucket).key(key(sha)).contentType(mt),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, n), n));
                return new PutResult(info(sha).orElseThrow(), true);
            }
            String tmpKey = prefix + TMP + UUID.randomUUID();
            multipart(src, part, n, tmpKey, mt);
            String sha = src.sha256Hex();
            try {
                if (exists(sha)) {
                    return new PutResult(touch(sha), false);
                }
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(tmpKey)
                        .destinationBucket(bucket).destinationKey(key(sha)));
                return new PutResult(info(sha).orElseThrow(), true);
            } finally {
                s3.deleteObject(b -> b.bucket(bucket).key(tmpKey));
            }
        } catch (SdkException e) {
            throw new IOException("S3 put failed: " + e.getMessage(), e);
        }
    }

    private void multipart(DigestingInputStream src, byte[] part, int first, String tmpKey, String mimetype)
            throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(tmpKey).contentType(mimetype)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int n = first;
            while (n > 0) {
                int number = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(tmpKey).uploadId(uploadId).partNumber(number)
                                .contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, length), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                n = src.readFully(part);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(tmpKey).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(tmpKey).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private BlobInfo touch(String sha) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key(sha)));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key(sha)).destinationBucket(bucket).destinationKey(key(sha))
                .metadataDirective(MetadataDirective.REPLACE).contentType(head.contentType())
                // a copy onto itself must change something: S3-compatible servers refuse an identical one
                .metadata(java.util.Map.of("touched-at", Long.toString(System.currentTimeMillis()))));
        return info(sha).orElseThrow();
    }

    @Override
    public Optional<BlobInfo> info(String sha256) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key(sha256)));
            return Optional.of(new BlobInfo(sha256, head.contentLength(), head.contentType(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset) throws IOException {
        String key = key(sha256);
        try {
            if (offset > 0) {
                Optional<BlobInfo> info = info(sha256);
                if (info.isEmpty()) {
                    return Optional.empty();
                }
                if (offset >= info.get().size()) {
                    if (offset > info.get().size()) {
                        throw new IOException("offset " + offset + " past the end of " + sha256);
                    }
                    return Optional.of(InputStream.nullInputStream());
                }
                return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-")));
            }
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("S3 get of " + sha256 + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String sha256) {
        if (!exists(sha256)) {
            return false;
        }
        s3.deleteObject(b -> b.bucket(bucket).key(key(sha256)));
        return true;
    }

    @Override
    public boolean exists(String sha256) {
        return info(sha256).isPresent();
    }

    @Override
    public List<String> olderThan(Instant cutoff, int limit) {
        List<String> found = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (found.size() >= limit) {
                break;
            }
            String name = o.key().substring(prefix.length());
            if (Sha256Hex.isValid(name) && o.lastModified().isBefore(cutoff)) {
                found.add(name);
            }
        }
        return found;
    }

    @Override
    public int purgeAbandoned(Instant cutoff) {
        int removed = 0;
        String tmp = prefix + TMP;
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(tmp)).contents()) {
            if (o.lastModified().isBefore(cutoff)) {
                s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
                removed++;
            }
        }
        for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(tmp)).uploads()) {
            if (u.initiated().isBefore(cutoff)) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private String key(String sha256) {
        return prefix + Sha256Hex.require(sha256);
    }
}
