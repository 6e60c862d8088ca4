package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code wabridge.views.url}: what is accepted, what fails the start, and a views service that does not answer. */
class RemoteViewsTest {

    @Test
    void aBaseUrlLosesItsTrailingSlashesAndKeepsItsPrefix() {
        assertEquals("http://wabridge-views:8080", RemoteViews.baseUrl("http://wabridge-views:8080/"));
        assertEquals("https://views.example.com/wabridge", RemoteViews.baseUrl(" https://views.example.com/wabridge// "));
    }

    @Test
    void anythingElseIsRefusedWithWhatWasGiven() {
        for (String bad : new String[] {"wabridge-views:8080", "ftp://views:21", "http://views:8080/?a=1",
                "http://views:8080/#x", "http:///views", "not a url", "", "http://user:secret@views:8080"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteViews.baseUrl(bad),
                    bad);
            assertTrue(e.getMessage().contains("wabridge.views.url"), e.getMessage());
            assertTrue(!e.getMessage().contains("secret"), "a password is not repeated: " + e.getMessage());
        }
    }

    @Test
    void aViewsServiceThatDoesNotAnswerIsA503() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        RemoteViews views = new RemoteViews("http://127.0.0.1:" + port, Duration.ofSeconds(2), null);
        ViewsQueries.Answer a = views.session("acme");
        assertEquals(503, a.status());
        assertTrue(a.json().contains("the views (wabridge.views.url) did not answer"), a.json());
        assertTrue(!a.json().contains(Integer.toString(port)), "the URL is logged, not answered: " + a.json());
    }
}
