package io.wabridge.simulator.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.UnknownDeviceException;
import io.wabridge.simulator.server.StreamErrorKind;
import io.wabridge.simulator.testing.LinkedCompanion;
import io.wabridge.simulator.testing.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stanza each forced stream error puts on the wire (decoded as a client sees it), then the close. */
class StreamErrorsTest {
    private WaSimulator simulator;
    private PhoneAccount account;
    private LinkedCompanion companion;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550005555");
        companion = LinkedCompanion.link(account);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** The last stanza before the close, or null if the socket just closed. */
    private Node forced(StreamErrorKind kind, int dictionaryVersion) throws Exception {
        RawClient client = companion.login(simulator, true, dictionaryVersion);
        assertTrue(account.sendStreamError(companion.device().id(), kind));
        Node last = client.poll(Duration.ofSeconds(5));
        client.awaitClosed();
        return last;
    }

    @ParameterizedTest
    @CsvSource({"3", "2"})
    void restartRequired(int dictionaryVersion) throws Exception {
        Node node = forced(StreamErrorKind.RESTART_REQUIRED, dictionaryVersion);
        assertEquals("stream:error", node.tag());
        assertEquals("515", node.attr("code"));
        assertTrue(node.children().isEmpty());
    }

    @Test
    void replaced() throws Exception {
        Node node = forced(StreamErrorKind.REPLACED, 3);
        assertEquals("stream:error", node.tag());
        assertFalse(node.hasAttr("code"), "Baileys maps a bare conflict to 440, whatsmeow reads conflict type");
        assertEquals("replaced", node.child("conflict").attr("type"));
    }

    @ParameterizedTest
    @CsvSource({"3", "2"})
    void deviceRemoved(int dictionaryVersion) throws Exception {
        Node node = forced(StreamErrorKind.DEVICE_REMOVED, dictionaryVersion);
        assertEquals("stream:error", node.tag());
        assertEquals("401", node.attr("code"), "whatsmeow wants code 401 with conflict device_removed");
        assertEquals("device_removed", node.child("conflict").attr("type"));
    }

    @Test
    void clientTooOldIsAConnectFailure() throws Exception {
        Node node = forced(StreamErrorKind.CLIENT_TOO_OLD, 3);
        assertEquals("failure", node.tag());
        assertEquals("405", node.attr("reason"));
    }

    @Test
    void serviceUnavailable() throws Exception {
        Node node = forced(StreamErrorKind.SERVICE_UNAVAILABLE, 3);
        assertEquals("stream:error", node.tag());
        assertEquals("503", node.attr("code"));
    }

    @Test
    void dropClosesWithoutAStanza() throws Exception {
        assertNull(forced(StreamErrorKind.DROP, 3));
    }

    @Test
    void unlinkingADeviceTellsItsConnectionAndForgetsIt() throws Exception {
        RawClient client = companion.login(simulator);
        account.phone().removeDevice(companion.device().id());
        Node node = client.next();
        assertEquals("401", node.attr("code"));
        assertEquals("device_removed", node.child("conflict").attr("type"));
        client.awaitClosed();
        assertTrue(account.devices().isEmpty());
        assertThrows(UnknownDeviceException.class, () -> account.preKeyCount(companion.device().id()));
        assertThrows(UnknownDeviceException.class, () -> account.phone().removeDevice(companion.device().id()));
    }

    @Test
    void streamErrorsNeedAConnectedLinkedDevice() {
        assertFalse(account.sendStreamError(companion.device().id(), StreamErrorKind.REPLACED), "not connected");
        assertThrows(UnknownDeviceException.class, () -> account.sendStreamError(99, StreamErrorKind.REPLACED));
    }

    @Test
    void kindsParseFromTheirControlApiNames() {
        assertEquals(StreamErrorKind.RESTART_REQUIRED, StreamErrorKind.parse("515"));
        assertEquals(StreamErrorKind.REPLACED, StreamErrorKind.parse("Replaced"));
        assertEquals(StreamErrorKind.DEVICE_REMOVED, StreamErrorKind.parse("device_removed"));
        assertEquals(StreamErrorKind.CLIENT_TOO_OLD, StreamErrorKind.parse("405"));
        assertEquals(StreamErrorKind.SERVICE_UNAVAILABLE, StreamErrorKind.parse("503"));
        assertEquals(StreamErrorKind.DROP, StreamErrorKind.parse("drop"));
        assertEquals(StreamErrorKind.SERVICE_UNAVAILABLE, StreamErrorKind.parse("service_unavailable"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> StreamErrorKind.parse("500"));
        assertTrue(bad.getMessage().contains("device_removed"), bad.getMessage());
    }
}
