package io.wabridge.bridge.media;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.wabridge.blobstore.BlobCleanup;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.FileSystemBlobStore;
import io.wabridge.blobstore.GridFsBlobStore;
import io.wabridge.blobstore.MeteredBlobStore;
import io.wabridge.blobstore.S3BlobStore;
import io.wabridge.bridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The worker's one blob store (metered), URL fetcher and inline limit, built from {@link MediaConfig}, and the
 * retention job, which every worker runs (deleting a blob twice is harmless).
 */
@ApplicationScoped
public class MediaBeans {
    private static final Logger LOG = Logger.getLogger(MediaBeans.class);

    private BlobCleanup cleanup;

    @Produces
    @Singleton
    BlobStore blobStore(MediaConfig media, BridgeConfig bridge, MongoClient mongo, MeterRegistry metrics) {
        return new MeteredBlobStore(create(media, bridge, mongo), metrics);
    }

    static BlobStore create(MediaConfig media, BridgeConfig bridge, MongoClient mongo) {
        return switch (media.blobStore()) {
            case FS -> new FileSystemBlobStore(Path.of(media.fs().root()));
            case GRIDFS -> new GridFsBlobStore(mongo.getDatabase(bridge.mongodb().database()),
                    media.gridfs().bucket().orElse(bridge.mongodb().collectionPrefix() + "media"));
            case S3 -> {
                MediaConfig.S3 s3 = media.s3();
                String bucket = s3.bucket().orElseThrow(() -> new IllegalStateException(
                        "wabridge.media.blob-store=s3 needs wabridge.media.s3.bucket"));
                yield new S3BlobStore(S3BlobStore.client(s3.endpoint().orElse(null), s3.region(), s3.pathStyle(),
                        s3.accessKey().orElse(null), s3.secretKey().orElse(null)), true, bucket,
                        s3.prefix().orElse(""), (int) s3.partSize().asLongValue());
            }
        };
    }

    void closeBlobStore(@Disposes BlobStore store) {
        store.close();
    }

    @Produces
    @Singleton
    UrlFetcher urlFetcher(MediaConfig media) throws IOException {
        MediaConfig.Fetch fetch = media.fetch();
        SSLContext tls = null;
        if (fetch.trustStore().isPresent()) {
            tls = UrlFetcher.trusting(Path.of(fetch.trustStore().get()),
                    fetch.trustStorePassword().orElse("").toCharArray());
        }
        return new UrlFetcher(new UrlFetcher.Settings(fetch.allowedHosts().orElse(List.of()),
                fetch.maxBytes().asLongValue(), fetch.connectTimeout(), fetch.timeout(), fetch.maxRedirects()), tls);
    }

    void closeFetcher(@Disposes UrlFetcher fetcher) {
        fetcher.close();
    }

    @Produces
    @Singleton
    InlineMedia inlineMedia(MediaConfig media) {
        return new InlineMedia(media.inlineMaxBytes().asLongValue());
    }

    void onStart(@Observes StartupEvent start, MediaConfig media, io.wabridge.bridge.security.Credentials credentials,
                 BridgeConfig bridge,
                 jakarta.enterprise.inject.Instance<BlobStore> stores, MeterRegistry metrics) {
        if (!bridge.runsWorker()) {
            return; // wabridge.mode=views: no sessions, no media, no blob store
        }
        BlobStore store = stores.get();
        if (media.endpoint().enabled()) {
            // fails start-up: an open media endpoint would serve every stored file to anyone
            if (!credentials.enabled()) {
                throw new IllegalStateException("wabridge.media.endpoint.enabled=true needs an API credential:"
                        + " wabridge.api.token (WABRIDGE_API_TOKEN) or wabridge.api.token-sha256");
            }
        }
        cleanup = new BlobCleanup(store, media.retention(), media.abandonedAfter(), metrics, Clock.systemUTC());
        cleanup.start(media.cleanupInterval());
        LOG.infof("Media: blob store %s, download %s, retention %s, GET /media %s", store.kind(),
                media.download().name().toLowerCase(), media.retention().isPositive() ? media.retention() : "forever",
                media.endpoint().enabled() ? "on" : "off");
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (cleanup != null) {
            cleanup.close();
        }
    }
}
