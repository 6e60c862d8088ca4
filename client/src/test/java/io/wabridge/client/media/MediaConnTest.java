package io.wabridge.client.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MediaConnTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Node answer(String auth, String ttl, Node... hosts) {
        var conn = Node.builder("media_conn").attr("max_buckets", "12");
        if (auth != null) {
            conn.attr("auth", auth);
        }
        if (ttl != null) {
            conn.attr("ttl", ttl);
        }
        return Node.builder("iq").attr("type", "result").children(conn.children(List.of(hosts)).build()).build();
    }

    private static Node host(String name, String type) {
        var b = Node.builder("host");
        if (name != null) {
            b.attr("hostname", name);
        }
        if (type != null) {
            b.attr("type", type);
        }
        return b.build();
    }

    @Test
    void primaryHostsComeFirstAndOddEntriesAreSkipped() {
        MediaConn conn = MediaConn.parse(answer("tok", "300", host("mmg-fallback.whatsapp.net", "fallback"),
                host(null, null), host("mmg.whatsapp.net", null)), NOW);
        assertEquals(List.of(new MediaConn.Host("mmg.whatsapp.net", false),
                new MediaConn.Host("mmg-fallback.whatsapp.net", true)), conn.hosts());
        assertEquals(Duration.ofSeconds(300), conn.ttl());
        assertEquals(Duration.ofSeconds(300), conn.authTtl(), "auth_ttl defaults to ttl");
        assertFalse(conn.expired(NOW.plusSeconds(299)));
        assertTrue(conn.expired(NOW.plusSeconds(300)));
        assertFalse(conn.toString().contains("tok"), "the token never appears in logs");
    }

    @Test
    void anUnreadableTtlIsUsedOnceAndMissingPartsAreRefused() {
        assertTrue(MediaConn.parse(answer("tok", "soon", host("h", null)), NOW).expired(NOW));
        assertThrows(IllegalArgumentException.class, () -> MediaConn.parse(answer(null, "1", host("h", null)), NOW));
        assertThrows(IllegalArgumentException.class, () -> MediaConn.parse(answer("tok", "1"), NOW));
        assertThrows(IllegalArgumentException.class,
                () -> MediaConn.parse(Node.builder("iq").attr("type", "result").build(), NOW));
    }

    @Test
    void theCacheAsksOnceWithinTheTtlAndAgainAfterAnInvalidation() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        MediaConnCache cache = new MediaConnCache(() -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(answer("tok" + asked.get(), "3600", host("h", null)));
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        MediaConn first = cache.get().get();
        assertEquals(first, cache.get().get());
        assertEquals(1, asked.get());
        cache.invalidate(first);
        assertEquals("tok2", cache.get().get().auth());
        cache.invalidate(first); // a stale invalidation does not drop the newer answer
        assertEquals(2, asked.get());
        cache.get().get();
        assertEquals(2, cache.fetches());
    }

    @Test
    void concurrentTransfersShareOneQuery() {
        CompletableFuture<Node> pending = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        MediaConnCache cache = new MediaConnCache(() -> {
            asked.incrementAndGet();
            return pending;
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        CompletableFuture<MediaConn> a = cache.get();
        CompletableFuture<MediaConn> b = cache.get();
        pending.complete(answer("tok", "60", host("h", null)));
        assertEquals(a.join(), b.join());
        assertEquals(1, asked.get());
    }

    @Test
    void uploadAnswersAreReadAsFlatJson() {
        Map<String, String> m = FlatJson.parse("{\"url\":\"https://h/v/x.enc?a=1&b=2\", \"direct_path\":\"/v/x.enc\","
                + "\"nested\":{\"a\":[1,\"}\"]},\"n\":42,\"esc\":\"q\\\"\\u0041\"}");
        assertEquals("https://h/v/x.enc?a=1&b=2", m.get("url"));
        assertEquals("/v/x.enc", m.get("direct_path"));
        assertEquals("42", m.get("n"));
        assertEquals("q\"A", m.get("esc"));
        assertFalse(m.containsKey("nested"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"url\":\"trunc"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("not json"));
    }
}
