package io.wabridge.bridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.blobstore.BlobTooLargeException;
import io.wabridge.client.media.MediaTransferException;
import io.wabridge.client.message.content.MediaKind;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The rules of media sends that need no transfer: which mimetype goes on the message, which code a failure gets. */
class MediaCommandsTest {

    @Test
    void theCommandsMimetypeMustFitTheKindTheStoredOneIsUsedWhenItFitsElseTheKindsDefault() throws Exception {
        assertEquals("image/png", MediaCommands.mimetype(MediaKind.IMAGE, "image/png", "image/jpeg"));
        assertEquals("audio/ogg; codecs=opus", MediaCommands.mimetype(MediaKind.PTT, "audio/ogg; codecs=opus", null));
        assertEquals("application/pdf", MediaCommands.mimetype(MediaKind.DOCUMENT, "application/pdf", null));
        assertEquals(MediaErrorCode.MEDIA_INVALID, assertThrows(MediaException.class,
                () -> MediaCommands.mimetype(MediaKind.IMAGE, "application/pdf", null)).code());
        assertEquals(MediaErrorCode.MEDIA_INVALID, assertThrows(MediaException.class,
                () -> MediaCommands.mimetype(MediaKind.DOCUMENT, "not a mimetype", null)).code());
        assertEquals(MediaErrorCode.MEDIA_INVALID, assertThrows(MediaException.class,
                () -> MediaCommands.mimetype(MediaKind.STICKER, "image/png", null)).code());
        assertEquals("image/png", MediaCommands.mimetype(MediaKind.IMAGE, "", "image/png"), "the blob's");
        assertEquals("image/jpeg", MediaCommands.mimetype(MediaKind.IMAGE, "", "application/octet-stream"),
                "the stored default says nothing: the kind's default");
        assertEquals("video/mp4", MediaCommands.mimetype(MediaKind.VIDEO, null, "image/png"), "does not fit: default");
    }

    @Test
    void clientAndStoreFailuresGetTheContractsMediaCodes() {
        assertEquals(MediaErrorCode.MEDIA_TOO_LARGE, code(new MediaTransferException(
                MediaTransferException.Code.TOO_LARGE, "x"), true));
        assertEquals(MediaErrorCode.MEDIA_UPLOAD_FAILED, code(new MediaTransferException(
                MediaTransferException.Code.UPLOAD_FAILED, "x"), true));
        assertEquals(MediaErrorCode.MEDIA_UPLOAD_FAILED, code(new MediaTransferException(
                MediaTransferException.Code.TIMEOUT, "x"), true));
        assertEquals(MediaErrorCode.MEDIA_FETCH_FAILED, code(new MediaTransferException(
                MediaTransferException.Code.TIMEOUT, "x"), false));
        assertEquals(MediaErrorCode.MEDIA_FETCH_FAILED, code(new CompletionException(new MediaTransferException(
                MediaTransferException.Code.GONE, "x")), false));
        assertEquals(MediaErrorCode.MEDIA_TOO_LARGE, code(new BlobTooLargeException(10), false));
        IOException other = new IOException("disk full");
        assertSame(other, MediaCommands.translate(other, false), "a store failure stays what it is (INTERNAL)");
    }

    private static MediaErrorCode code(Throwable t, boolean upload) {
        return assertInstanceOf(MediaException.class, MediaCommands.translate(t, upload)).code();
    }
}
