package io.wabridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionTableTest {

    @Test
    void rowsAlignUnderTheHeader() throws Exception {
        String body = """
                {"sessions":[{"sessionId":"demo","state":"OPEN","me":{"pn":"15550001111@s.whatsapp.net","lid":""},\
                "worker":"host-42","messagesIn":"3","messagesOut":"1","lastCloseReason":"","loggedOut":false},\
                {"sessionId":"old-account","state":"CLOSED","me":{"pn":"","lid":""},"worker":"host-7",\
                "messagesIn":"0","messagesOut":"0","lastCloseReason":"logged out","loggedOut":true}],"nextCursor":null}""";
        assertEquals("""
                SESSION      STATE                PHONE         WORKER   IN  OUT  LAST CLOSE
                demo         OPEN                 +15550001111  host-42  3   1
                old-account  CLOSED (logged out)                host-7   0   0    logged out""",
                SessionTable.format(body).lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b)
                        .orElseThrow());
    }

    @Test
    void noSessions() throws Exception {
        assertEquals("(no sessions in the views yet)", SessionTable.format("{\"sessions\":[],\"nextCursor\":null}"));
    }
}
