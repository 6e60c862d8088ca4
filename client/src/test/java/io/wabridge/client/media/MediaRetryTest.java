package io.wabridge.client.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.MediaRetryNotification;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class MediaRetryTest {
    private final byte[] key = MediaKeys.newMediaKey();
    private final MediaRetry.Origin origin = new MediaRetry.Origin("3EB0ABC", Jid.parse("15550002222@s.whatsapp.net"),
            false, null);

    @Test
    void aRequestCarriesTheMessageIdUnderTheMediaKeyAndGoesToOurOwnUser() throws Exception {
        Node request = MediaRetry.request(origin, key, Jid.parse("15550001111:3@s.whatsapp.net"));
        assertEquals("server-error", request.attr("type"));
        assertEquals("15550001111@s.whatsapp.net", request.attr("to"));
        assertEquals("15550002222@s.whatsapp.net", request.child("rmr").attr("jid"));
        assertEquals("false", request.child("rmr").attr("from_me"));
        assertEquals(12, request.child("encrypt").child("enc_iv").bytes().length);
        assertEquals("3EB0ABC", MediaRetry.readRequest(request, key));
        assertThrows(GeneralSecurityException.class, () -> MediaRetry.readRequest(request, MediaKeys.newMediaKey()));
    }

    @Test
    void aNotificationGivesTheNewPathOnlyUnderTheRightKeyAndId() throws Exception {
        Node rmr = Node.builder("rmr").attr("jid", "15550002222@s.whatsapp.net").build();
        Node n = MediaRetry.notification("3EB0ABC", rmr, key, MediaRetryNotification.ResultType.SUCCESS, "/v/new.enc", null);
        MediaRetry.Result result = MediaRetry.readNotification(n, key);
        assertTrue(result.success());
        assertEquals("/v/new.enc", result.directPath());
        assertThrows(GeneralSecurityException.class, () -> MediaRetry.readNotification(n, MediaKeys.newMediaKey()));
        Node otherId = n.toBuilder().attr("id", "3EB0OTHER").build();
        assertThrows(GeneralSecurityException.class, () -> MediaRetry.readNotification(otherId, key),
                "the id is the associated data: a notification cannot be moved to another message");
        Node notFound = MediaRetry.notification("3EB0ABC", rmr, key, MediaRetryNotification.ResultType.NOT_FOUND, null, null);
        assertFalse(MediaRetry.readNotification(notFound, key).success());
        Node error = Node.builder("notification").attr("id", "3EB0ABC").attr("type", "mediaretry")
                .children(rmr, Node.builder("error").attr("code", "2").build()).build();
        MediaRetry.Result failed = MediaRetry.readNotification(error, key);
        assertFalse(failed.success());
        assertEquals(2, failed.errorCode());
    }
}
