package io.wabridge.bridge.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.bridge.security.SecuredProfile;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GET /media/{sha256} on the running bridge (SecuredProfile enables it with a token; a filesystem store under
 * target/), and the media metrics on /q/metrics.
 */
@QuarkusTest
// Authentication on (an API token); shares its boot with the other tests of this profile (HttpAuthTest, the console).
@TestProfile(SecuredProfile.class)
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
class MediaEndpointTest {
    private static final String TOKEN = "Bearer " + SecuredProfile.TOKEN;

    @Inject
    BlobStore store;

    private String put(byte[] data, String mimetype) throws Exception {
        return store.put(new ByteArrayInputStream(data), mimetype).blob().sha256();
    }

    @Test
    void streamsAStoredBlobToAHolderOfTheToken() throws Exception {
        byte[] data = random(1_000_000, 1);
        String sha = put(data, "video/mp4");
        byte[] body = given().header("Authorization", TOKEN).get("/media/" + sha).then()
                .statusCode(200)
                .header("Content-Type", "video/mp4")
                .header("Content-Length", String.valueOf(data.length))
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + sha + "\"")
                .extract().asByteArray();
        assertArrayEquals(data, body);
        given().header("Authorization", TOKEN).head("/media/" + sha).then().statusCode(200)
                .header("Content-Length", String.valueOf(data.length));
    }

    @Test
    void answersRangeRequests() throws Exception {
        byte[] data = random(200_000, 2);
        String sha = put(data, "audio/ogg");
        byte[] part = given().header("Authorization", TOKEN).header("Range", "bytes=1000-1999")
                .get("/media/" + sha).then()
                .statusCode(206)
                .header("Content-Range", "bytes 1000-1999/200000")
                .header("Content-Length", "1000")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000), part);
        byte[] tail = given().header("Authorization", TOKEN).header("Range", "bytes=-10")
                .get("/media/" + sha).then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), tail);
        given().header("Authorization", TOKEN).header("Range", "bytes=200000-")
                .get("/media/" + sha).then().statusCode(416).header("Content-Range", "bytes */200000");
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        String sha = put(random(100, 3), "image/png");
        given().get("/media/" + sha).then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong-token-0123456789").get("/media/" + sha).then().statusCode(401);
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/media/" + sha).then().statusCode(401);
        // the token is checked before anything about the blob is revealed
        given().get("/media/" + "0".repeat(64)).then().statusCode(401);
    }

    @Test
    void unknownAndMalformedKeys() {
        given().header("Authorization", TOKEN).get("/media/" + "0".repeat(64)).then().statusCode(404);
        given().header("Authorization", TOKEN).get("/media/" + "A".repeat(64)).then().statusCode(400)
                .body(containsString("SHA-256"));
        given().header("Authorization", TOKEN).get("/media/..%2F..%2Fetc%2Fpasswd").then().statusCode(400);
    }

    @Test
    void blobMetricsAreExported() throws Exception {
        put(random(4321, 4), "image/jpeg");
        String metrics = given().header("Authorization", TOKEN).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("wabridge_media_blobs_stored_total{store=\"fs\"}"), "stored counter");
        assertTrue(metrics.contains("wabridge_media_blobs_stored_bytes_total{store=\"fs\"}"), "bytes counter");
        assertTrue(metrics.contains("wabridge_media_cleanup_runs_total"), "cleanup runs counter");
        assertEquals("fs", store.kind());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
