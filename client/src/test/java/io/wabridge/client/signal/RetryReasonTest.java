package io.wabridge.client.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryReasonTest {

    @Test
    void codesAreWhatsAppWebs() {
        assertEquals(0, RetryReason.UNKNOWN_ERROR.code());
        assertEquals(1, RetryReason.NO_SESSION.code());
        assertEquals(2, RetryReason.INVALID_KEY.code());
        assertEquals(3, RetryReason.INVALID_KEY_ID.code());
        assertEquals(4, RetryReason.INVALID_MESSAGE.code());
        assertEquals(7, RetryReason.BAD_MAC.code());
        assertEquals(11, RetryReason.UNKNOWN_COMPANION_NO_PREKEY.code());
        assertEquals(13, RetryReason.STATUS_REVOKE_DELAY.code());
        for (RetryReason reason : RetryReason.values()) {
            assertEquals(reason, RetryReason.fromCode(reason.code()));
        }
        assertEquals(RetryReason.UNKNOWN_ERROR, RetryReason.fromCode(99));
        assertEquals(RetryReason.UNKNOWN_ERROR, RetryReason.fromCode(-1));
    }

    @Test
    void macFailuresRecreateTheSession() {
        assertTrue(RetryReason.BAD_MAC.recreatesSession());
        assertTrue(RetryReason.INVALID_MESSAGE.recreatesSession());
        assertFalse(RetryReason.NO_SESSION.recreatesSession());
    }

    @Test
    void ciphertextTypesUseTheWireNames() {
        for (CiphertextType type : CiphertextType.values()) {
            assertEquals(type, CiphertextType.fromWire(type.wireName()));
        }
        assertEquals("pkmsg", CiphertextType.PKMSG.wireName());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CiphertextType.fromWire("frank"));
    }
}
