package io.wabridge.bridge.media;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Media settings (prefix {@code wabridge.media}): where blobs live, when media is downloaded, fetching, serving. */
@ConfigMapping(prefix = "wabridge.media")
public interface MediaConfig {

    /** Where media bytes are stored. */
    enum BlobStoreKind { FS, GRIDFS, S3 }

    /** When inbound media is downloaded into the blob store. */
    enum DownloadMode {
        /** As soon as the message arrives; the {@code message} event carries the blob reference. */
        EAGER,
        /** Only on a {@code downloadMedia} command; the event carries the WhatsApp reference only. */
        LAZY,
        /** Never by the bridge; consumers download from the event's {@code directPath} and media key. */
        OFF
    }

    /** {@code fs} (default), {@code gridfs} or {@code s3}. */
    @WithDefault("fs")
    BlobStoreKind blobStore();

    /** {@code eager} (default), {@code lazy} or {@code off}. */
    @WithDefault("eager")
    DownloadMode download();

    /**
     * A PEM file whose certificates alone are trusted for WhatsApp's media hosts (a test server such as the
     * simulator's); unset trusts the JVM's roots, as for WhatsApp itself.
     */
    Optional<String> whatsappTrustPem();

    /**
     * Media transfers (send: fetch/store/upload; receive: download/store) running at once on this worker; more wait
     * their turn. Bounds the sockets, buffers and disk bandwidth that thousands of sessions' media may take.
     */
    @WithDefault("32")
    int maxConcurrentTransfers();

    /**
     * Where downloads are verified and decrypted before they go into the blob store (a file per running download,
     * deleted afterwards); empty uses {@code java.io.tmpdir}. Needs room for the largest concurrent downloads.
     */
    Optional<String> spoolDirectory();

    /** Largest media a command may carry inline in the record (bytes); larger media go by blob reference or URL. */
    @WithDefault("256K")
    MemorySize inlineMaxBytes();

    /** Blobs whose latest put is older than this are deleted by the cleanup job; {@code 0} keeps them forever. */
    @WithDefault("30d")
    Duration retention();

    /** How often the cleanup job runs on each worker. */
    @WithDefault("1h")
    Duration cleanupInterval();

    /** Leftovers of puts interrupted by a crash are removed once this old. */
    @WithDefault("1h")
    Duration abandonedAfter();

    /**
     * Per media type, by the client's type names ({@code image}, {@code video}, {@code gif}, {@code audio},
     * {@code ptt}, {@code document}, {@code sticker}, {@code ptv}, {@code md-msg-hist}, ...): the largest file sent or
     * received and the longest one upload or download may take, e.g. {@code wabridge.media.limits.video.max-bytes=200M}.
     * Unset keeps WhatsApp's own (images, audio, voice notes 16 MiB / 2 min; videos, gifs 100 MiB / 10 min;
     * documents 2 GiB / 30 min; stickers 1 MiB / 1 min; others 100 MiB / 5 min). An unknown type stops the worker.
     */
    Map<String, TypeLimits> limits();

    /** The limits of one media type; what is unset keeps its default. */
    interface TypeLimits {
        Optional<MemorySize> maxBytes();

        Optional<Duration> timeout();
    }

    Fs fs();

    Gridfs gridfs();

    S3 s3();

    Fetch fetch();

    Endpoint endpoint();

    interface Fs {
        /** Root directory of the filesystem store (created when missing). */
        @WithDefault("data/media")
        String root();
    }

    interface Gridfs {
        /** GridFS bucket in {@code wabridge.mongodb.database}; default {@code <collection-prefix>media}. */
        Optional<String> bucket();
    }

    interface S3 {
        /** The bucket (must exist); required when {@code blob-store=s3}. */
        Optional<String> bucket();

        /** Key prefix of every blob, e.g. {@code wabridge/media/}; none by default. */
        Optional<String> prefix();

        /** An S3-compatible endpoint such as {@code http://minio:9000}; empty for AWS S3 itself. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing ({@code endpoint/bucket/key}); {@code true} for MinIO and most compatibles. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials; empty uses the AWS SDK default chain (AWS_ACCESS_KEY_ID, profile, instance role). */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Multipart part size: the heap one upload holds (at least 5M). */
        @WithDefault("8M")
        MemorySize partSize();
    }

    interface Fetch {
        /**
         * Hosts the bridge may fetch {@code https} media URLs from: exact names, or {@code *.example.com} for any
         * subdomain. Empty (the default) refuses every URL.
         */
        Optional<List<String>> allowedHosts();

        /** Largest media fetched from a URL (bytes). */
        @WithDefault("100M")
        MemorySize maxBytes();

        @WithDefault("10s")
        Duration connectTimeout();

        /** Longest a whole fetch (headers and body) may take. */
        @WithDefault("120s")
        Duration timeout();

        /** Redirects followed at most (each target must be an allowed host too). */
        @WithDefault("3")
        int maxRedirects();

        /**
         * A PKCS#12 (or JKS) trust store whose certificates replace the JVM's trusted roots for fetches (a private
         * CA, a test server's own certificate); unset trusts the JVM's roots.
         */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();
    }

    interface Endpoint {
        /** Serve {@code GET /media/{sha256}} (requires {@code wabridge.api.token}). Off by default. */
        @WithDefault("false")
        boolean enabled();
    }
}
