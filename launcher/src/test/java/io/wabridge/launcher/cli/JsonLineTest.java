package io.wabridge.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void eventsBecomeOneEscapedJsonObjectPerLine() {
        assertEquals("{\"type\":\"close\",\"reason\":\"a \\\"quoted\\\"\\nreason\",\"will_reconnect\":true,\"reconnect_in_ms\":2000}",
                CliCommand.EventPrinter.toJson(new ClientEvent.Close("a \"quoted\"\nreason", true, Duration.ofSeconds(2))).toString());
        assertEquals("{\"type\":\"logged_out\",\"reason\":\"x\"}",
                CliCommand.EventPrinter.toJson(new ClientEvent.LoggedOut("x")).toString());
        String qr = CliCommand.EventPrinter.toJson(new ClientEvent.Qr("ref,a+b/c=,d,e,1", Instant.EPOCH)).toString();
        assertTrue(qr.contains("\"link\":\"https://wa.me/settings/linked_devices#ref,a+b/c=,d,e,1\""), qr);
        assertEquals("{\"type\":\"paired\",\"me\":\"1:2@s.whatsapp.net\",\"lid\":null,\"platform\":\"android\"}",
                CliCommand.EventPrinter.toJson(new ClientEvent.Paired("1:2@s.whatsapp.net", null, "android")).toString());
    }

    @Test
    void qrCodesRenderAsSquareBlocks() {
        String rendered = TerminalQr.render("https://wa.me/settings/linked_devices#ref,abc");
        String[] rows = rendered.split("\n");
        assertTrue(rows.length > 10);
        int width = rows[0].length();
        for (String row : rows) {
            assertEquals(width, row.length(), "rectangular");
        }
        assertTrue(rows[0].chars().allMatch(c -> c == '█'), "quiet zone drawn light");
        assertEquals(width, (rows.length * 2) - ((width % 2 == 1) ? 1 : 0), "two module rows per line");
    }
}
