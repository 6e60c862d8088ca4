package io.wabridge.simulator.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.MutableClock;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.TestCompanion;
import io.wabridge.simulator.testing.Waits;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** QR linking end to end over the wire, with the test playing the companion by hand. */
class QrPairingTest {
    private final MutableClock clock = new MutableClock();
    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start(SimulatorListenerConfig.defaults(), clock);
        account = simulator.accounts().create("15550001111");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Connects a registering companion and returns it with the refs of its pair-device (already acknowledged). */
    private record Registering(TestCompanion companion, RawClient client, List<String> refs) {}

    private Registering register(int dictionaryVersion) throws Exception {
        TestCompanion companion = new TestCompanion();
        RawClient client = RawClient.connect(simulator, companion.noiseKey, companion.registrationPayload(), dictionaryVersion);
        Node pairDevice = client.next();
        assertEquals("iq", pairDevice.tag());
        assertEquals("set", pairDevice.attr("type"));
        assertEquals("md", pairDevice.attr("xmlns"));
        assertEquals(Jid.SERVER, pairDevice.jidAttr("from"), "whatsmeow ignores pair-device not from s.whatsapp.net");
        List<String> refs = pairDevice.child("pair-device").children("ref").stream()
                .map(ref -> new String(ref.bytes(), StandardCharsets.UTF_8))
                .toList();
        client.send(TestCompanion.ack(pairDevice));
        return new Registering(companion, client, refs);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 2})
    void scanLinksTheCompanionWhichThenRestartsAndLogsIn(int dictionaryVersion) throws Exception {
        Registering r = register(dictionaryVersion);
        assertEquals(6, r.refs().size());
        assertEquals(6, r.refs().stream().distinct().count(), "refs are distinct");
        assertTrue(r.refs().stream().noneMatch(ref -> ref.contains(",")), "refs must not break the QR's fields");

        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(r.companion().qr(r.refs().get(0)));
        Node pairSuccessIq = r.client().next();
        TestCompanion.PairSuccess success = r.companion().decode(pairSuccessIq);
        assertEquals("set", pairSuccessIq.attr("type"));
        assertEquals(Jid.SERVER, pairSuccessIq.jidAttr("from"));
        assertTrue(pairSuccessIq.hasAttr("t"));
        assertTrue(success.hmacValid(), "HMAC keyed by the QR's adv secret");
        assertTrue(success.accountSignatureValid(), "account signature over 06 00 || details || identity");
        assertArrayEquals(account.accountPublicKey(), success.signed().getAccountSignatureKey().toByteArray());
        assertEquals(account.advRawId(), success.details().getRawId());
        assertEquals(1, success.details().getKeyIndex());
        assertEquals(Jid.parse("15550001111:1@s.whatsapp.net"), success.jid());
        assertEquals(Jid.parse(account.lid() + ":1@lid"), success.lid());
        assertEquals("android", success.platform());
        assertFalse(linking.isDone(), "linked only once the companion countersigned");

        r.client().send(r.companion().pairDeviceSign(success));
        LinkedDevice device = linking.get(10, TimeUnit.SECONDS);
        Node restart = r.client().next();
        assertEquals("stream:error", restart.tag());
        assertEquals("515", restart.attr("code"));
        r.client().awaitClosed();

        assertEquals(1, device.id());
        assertArrayEquals(r.companion().noiseKey.publicKey(), device.noiseKey(), "the connection's static key");
        assertArrayEquals(r.companion().identityKey.publicKey(), device.identityKey());
        assertEquals(r.companion().registrationId, device.registrationId());
        assertEquals("CHROME", device.platform());
        assertEquals("Test Companion", device.pushName());
        assertEquals(dictionaryVersion, device.pairingDictionaryVersion());
        ADVSignedDeviceIdentity stored = ADVSignedDeviceIdentity.parseFrom(device.signedDeviceIdentity());
        assertTrue(AdvIdentities.verifyDeviceSignature(stored.getDetails().toByteArray(),
                device.identityKey(), account.accountPublicKey(), stored.getDeviceSignature().toByteArray()));
        assertEquals(List.of(device), account.devices());

        try (RawClient login = RawClient.connect(simulator, r.companion().noiseKey,
                TestCompanion.loginPayload("15550001111", 1, true), dictionaryVersion)) {
            Node loggedIn = login.next();
            assertEquals("success", loggedIn.tag(), loggedIn.toString());
            assertEquals(Jid.parse(account.lid() + ":1@lid"), loggedIn.jidAttr("lid"));
            assertEquals(dictionaryVersion, account.session(1).orElseThrow().dictionaryVersion());
        }
    }

    @Test
    void theBareQrFormWithUrlSafeBase64IsAcceptedToo() throws Exception {
        Registering r = register(3);
        String link = r.companion().qr(r.refs().get(2));
        String bare = link.substring(link.indexOf('#') + 1).replace('+', '-').replace('/', '_').replace("=", "");
        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(bare);
        TestCompanion.PairSuccess success = r.companion().decode(r.client().next());
        r.client().send(r.companion().pairDeviceSign(success));
        assertEquals(1, linking.get(10, TimeUnit.SECONDS).id());
    }

    @Test
    void refsExpireOneAfterAnotherAsTheCompanionRotatesThem() throws Exception {
        Registering r = register(3);
        clock.advance(Duration.ofSeconds(61)); // the first ref was on screen for 60 s
        PairingException expired = assertThrows(PairingException.class,
                () -> account.phone().scanQr(r.companion().qr(r.refs().get(0))));
        assertEquals(PairingException.Reason.EXPIRED_REF, expired.reason());

        clock.advance(Duration.ofSeconds(18)); // 79 s: the second ref (60 + 20 s) still counts
        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(r.companion().qr(r.refs().get(1)));
        r.client().send(r.companion().pairDeviceSign(r.companion().decode(r.client().next())));
        assertEquals(1, linking.get(10, TimeUnit.SECONDS).id());
    }

    @Test
    void theLastRefExpiresAfter160Seconds() throws Exception {
        Registering r = register(3);
        clock.advance(Duration.ofSeconds(159));
        account.phone().scanQr(r.companion().qr(r.refs().get(5))); // still valid: starts the exchange
        Registering other = register(3);
        clock.advance(Duration.ofSeconds(161));
        PairingException expired = assertThrows(PairingException.class,
                () -> account.phone().scanQr(other.companion().qr(other.refs().get(5))));
        assertEquals(PairingException.Reason.EXPIRED_REF, expired.reason());
    }

    @Test
    void aQrWhoseKeysAreNotThoseOfTheRefsConnectionIsRefused() throws Exception {
        Registering r = register(3);
        TestCompanion impostor = new TestCompanion();
        PairingException noise = assertThrows(PairingException.class,
                () -> account.phone().scanQr(impostor.qr(r.refs().get(0))));
        assertEquals(PairingException.Reason.KEY_MISMATCH, noise.reason());
        assertTrue(noise.getMessage().contains("noise key"), noise.getMessage());
    }

    @Test
    void unknownRefsAndRefsOfClosedConnectionsAreUnknown() throws Exception {
        Registering r = register(3);
        PairingException unknown = assertThrows(PairingException.class,
                () -> account.phone().scanQr(r.companion().qr("2@never-issued")));
        assertEquals(PairingException.Reason.UNKNOWN_REF, unknown.reason());

        r.client().close();
        r.client().awaitClosed();
        Waits.until(() -> simulator.accounts().pairing().pending().size() == 0, "the closed connection's refs are gone");
        PairingException gone = assertThrows(PairingException.class,
                () -> account.phone().scanQr(r.companion().qr(r.refs().get(0))));
        assertEquals(PairingException.Reason.UNKNOWN_REF, gone.reason());
    }

    @Test
    void aConnectionIsPairedOnceOnly() throws Exception {
        Registering r = register(3);
        account.phone().scanQr(r.companion().qr(r.refs().get(0)));
        PairingException again = assertThrows(PairingException.class,
                () -> account.phone().scanQr(r.companion().qr(r.refs().get(1))));
        assertEquals(PairingException.Reason.ALREADY_PAIRING, again.reason());
    }

    @Test
    void forgeriesBreakExactlyWhatTheyName() throws Exception {
        Registering badHmac = register(3);
        account.phone().scanQr(badHmac.companion().qr(badHmac.refs().get(0)), PairingForgery.BAD_HMAC);
        TestCompanion.PairSuccess hmacForged = badHmac.companion().decode(badHmac.client().next());
        assertFalse(hmacForged.hmacValid());
        assertTrue(hmacForged.accountSignatureValid());

        Registering badSignature = register(3);
        account.phone().scanQr(badSignature.companion().qr(badSignature.refs().get(0)), PairingForgery.BAD_ACCOUNT_SIGNATURE);
        TestCompanion.PairSuccess signatureForged = badSignature.companion().decode(badSignature.client().next());
        assertTrue(signatureForged.hmacValid());
        assertFalse(signatureForged.accountSignatureValid());
    }

    @Test
    void aCompanionRefusingPairSuccessLinksNothing() throws Exception {
        Registering r = register(3);
        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(r.companion().qr(r.refs().get(0)),
                PairingForgery.BAD_HMAC);
        Node pairSuccess = r.client().next();
        r.client().send(Node.builder("iq").attr("to", Jid.SERVER).attr("type", "error").attr("id", pairSuccess.attr("id"))
                .children(Node.builder("error").attr("code", "401").attr("text", "hmac-mismatch").build()).build());
        PairingException refused = failure(linking);
        assertEquals(PairingException.Reason.REJECTED_BY_COMPANION, refused.reason());
        assertTrue(refused.getMessage().contains("hmac-mismatch"), refused.getMessage());
        assertTrue(account.devices().isEmpty());
        assertFalse(r.client().isClosed(), "the companion decides what to do next");
    }

    @Test
    void aDeviceSignatureThatDoesNotVerifyLinksNothing() throws Exception {
        Registering r = register(3);
        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(r.companion().qr(r.refs().get(0)));
        TestCompanion.PairSuccess success = r.companion().decode(r.client().next());
        TestCompanion other = new TestCompanion(); // signs with an identity the phone did not vouch for
        Node forged = other.pairDeviceSign(success);
        r.client().send(forged);
        assertEquals(PairingException.Reason.BAD_DEVICE_SIGNATURE, failure(linking).reason());
        assertTrue(account.devices().isEmpty());
    }

    @Test
    void aCompanionThatLeavesDuringTheExchangeLinksNothing() throws Exception {
        Registering r = register(3);
        CompletableFuture<LinkedDevice> linking = account.phone().scanQr(r.companion().qr(r.refs().get(0)));
        r.client().next();
        r.client().close();
        assertEquals(PairingException.Reason.CONNECTION_CLOSED, failure(linking).reason());
        assertTrue(account.devices().isEmpty());
    }

    @Test
    void badQrTextIsRefusedBeforeAnythingIsSent() throws Exception {
        Registering r = register(3);
        InvalidQrException malformed = assertThrows(InvalidQrException.class,
                () -> account.phone().scanQr(r.refs().get(0) + ",not*base64,AAAA,AAAA"));
        assertTrue(malformed.getMessage().contains("noise key"), malformed.getMessage());
        assertEquals(null, r.client().poll(Duration.ofMillis(200)), "nothing reached the companion");
    }

    static PairingException failure(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(15, TimeUnit.SECONDS));
        return assertInstanceOf(PairingException.class, e.getCause());
    }
}
