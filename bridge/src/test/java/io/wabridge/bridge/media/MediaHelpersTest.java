package io.wabridge.bridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.blobstore.FileSystemBlobStore;
import io.wabridge.bridge.media.MediaResource.ByteRange;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaHelpersTest {

    @Test
    void rangeHeadersOfOneRangeAreRead() {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(100, 999), ByteRange.parse("bytes=100-", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(990, 999), ByteRange.parse("Bytes=990-5000", 1000), "the end is clamped");
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
    }

    @Test
    void rangeHeadersThatAreNotOneByteRangeGiveTheWholeBlob() {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-6", 1000));
        assertNull(ByteRange.parse("items=0-1", 1000));
        assertNull(ByteRange.parse("bytes=x-y", 1000));
        assertNull(ByteRange.parse("bytes=5-1", 1000));
        assertNull(ByteRange.parse("bytes=5", 1000));
    }

    @Test
    void inlineMediaAboveTheLimitIsTooLarge() throws Exception {
        InlineMedia inline = new InlineMedia(InlineMedia.DEFAULT_MAX_BYTES);
        inline.check(256 * 1024);
        MediaException e = assertThrows(MediaException.class, () -> inline.check(256 * 1024 + 1));
        assertEquals(MediaErrorCode.MEDIA_TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains("262144"), e.getMessage());
    }

    @Test
    void theMediaEndpointIsOffUnlessEnabled(@TempDir Path dir) throws Exception {
        // Who may call it is the HTTP security layer's business (io.wabridge.bridge.security, MediaEndpointTest).
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        String sha = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3}), "image/png").blob().sha256();
        assertEquals(404, resource(false, store).get(sha, null).getStatus(), "off by default");
        assertEquals(200, resource(true, store).get(sha, null).getStatus());
    }

    private static MediaResource resource(boolean enabled, FileSystemBlobStore store) {
        MediaResource resource = new MediaResource();
        MediaConfig.Endpoint endpoint = stub(MediaConfig.Endpoint.class, "enabled", enabled);
        resource.media = stub(MediaConfig.class, "endpoint", endpoint);
        resource.store = store;
        return resource;
    }

    /** A config interface answering one method; the resource reads nothing else. */
    private static <T> T stub(Class<T> type, String method, Object value) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                return value;
            }
            throw new UnsupportedOperationException(m.getName());
        }));
    }
}
