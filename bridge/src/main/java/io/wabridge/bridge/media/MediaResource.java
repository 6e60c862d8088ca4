package io.wabridge.bridge.media;

import io.wabridge.blobstore.BlobInfo;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.Sha256Hex;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /media/{sha256}}: streams a stored blob to a holder of an API token ({@code Authorization: Bearer},
 * checked by {@link io.wabridge.bridge.security.BridgeAuthMechanism} like every endpoint's),
 * with single-range {@code Range} requests (206). Off (404) unless {@code wabridge.media.endpoint.enabled}.
 */
@Path("/media")
public class MediaResource {
    private static final int BUFFER = 64 * 1024;

    @Inject
    MediaConfig media;

    @Inject
    BlobStore store;

    @GET
    @Path("/{sha256}")
    public Response get(@PathParam("sha256") String sha256,
                        @HeaderParam("Range") String range) throws IOException {
        return serve(sha256, range, true);
    }

    @HEAD
    @Path("/{sha256}")
    public Response head(@PathParam("sha256") String sha256,
                         @HeaderParam("Range") String range) throws IOException {
        return serve(sha256, range, false);
    }

    private Response serve(String sha256, String rangeHeader, boolean body) throws IOException {
        if (!media.endpoint().enabled()) {
            return error(Response.Status.NOT_FOUND, "the media endpoint is off (wabridge.media.endpoint.enabled)");
        }
        // The caller holds an API credential: io.wabridge.bridge.security checked it before this method ran
        // (MediaBeans refuses to start with the endpoint on and no credential configured).
        if (!Sha256Hex.isValid(sha256)) {
            return error(Response.Status.BAD_REQUEST, "not a lowercase hex SHA-256: " + sha256);
        }
        Optional<BlobInfo> found = store.info(sha256);
        if (found.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no blob " + sha256);
        }
        BlobInfo info = found.get();
        ByteRange range = ByteRange.parse(rangeHeader, info.size());
        if (range == ByteRange.UNSATISFIABLE) {
            return Response.status(416).header("Content-Range", "bytes */" + info.size()).build();
        }
        Response.ResponseBuilder response = range == null ? Response.ok() : Response.status(206)
                .header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + info.size());
        long length = range == null ? info.size() : range.length();
        response.type(info.mimetype())
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, "\"" + sha256 + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable");
        if (!body) {
            return response.build();
        }
        Optional<InputStream> opened = store.open(sha256, range == null ? 0 : range.first());
        if (opened.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no blob " + sha256); // deleted meanwhile
        }
        InputStream in = opened.get();
        StreamingOutput stream = out -> {
            try (in) {
                byte[] buf = new byte[BUFFER];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("blob " + sha256 + " ended " + left + " bytes early");
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
        return response.entity(stream).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message + "\n").build();
    }

    /** One satisfiable byte range, inclusive; {@code null} from {@link #parse} means the whole blob. */
    record ByteRange(long first, long last) {
        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        long length() {
            return last - first + 1;
        }

        /**
         * A {@code Range: bytes=...} header of one range ({@code a-b}, {@code a-}, {@code -n}); a header this does
         * not read (several ranges, other units, malformed) is ignored as RFC 9110 allows, giving the whole blob.
         */
        static ByteRange parse(String header, long size) {
            if (header == null) {
                return null;
            }
            String h = header.strip();
            if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
                return null;
            }
            String spec = h.substring(6).strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            try {
                String a = spec.substring(0, dash).strip();
                String b = spec.substring(dash + 1).strip();
                if (a.isEmpty()) {
                    long suffix = Long.parseLong(b);
                    if (suffix <= 0 || size == 0) {
                        return UNSATISFIABLE;
                    }
                    return new ByteRange(Math.max(0, size - suffix), size - 1);
                }
                long first = Long.parseLong(a);
                long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
                if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
                    return null;
                }
                if (first >= size) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(first, last);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
