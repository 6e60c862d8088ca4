package io.wabridge.simulator.pairing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.ConnectionClosedException;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.IqTimeoutException;
import io.wabridge.proto.wa.ADVSignedDeviceIdentity;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.StreamErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every pairing, QR or code: the phone signs the companion's device identity, the server sends it in
 * {@code <pair-success>}, the companion answers with {@code <pair-device-sign>} carrying its own signature, and
 * once that verifies the device is linked and the connection ends with {@code <stream:error code="515"/>} so the
 * companion logs in. Nothing the companion sends is trusted unchecked.
 */
final class PairSuccessExchange {
    private static final Logger LOG = LoggerFactory.getLogger(PairSuccessExchange.class);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private PairSuccessExchange() {}

    /**
     * Runs the exchange on the registration connection's executor.
     *
     * @param companionIdentity the identity the phone signs (from the QR, or from the code pairing's key bundle)
     * @param qrPlatform        the QR's platform code, used when the companion sent no DeviceProps platform
     */
    static CompletableFuture<LinkedDevice> start(PhoneAccount account, RegistrationConnection registration,
                                                 byte[] companionIdentity, byte[] advSecret, String qrPlatform,
                                                 PairingForgery forgery, Clock clock) {
        CompletableFuture<LinkedDevice> linked = new CompletableFuture<>();
        ServerSession session = registration.session();
        session.executor().execute(() -> {
            try {
                send(account, registration, companionIdentity, advSecret, qrPlatform, forgery, clock, linked);
            } catch (RuntimeException e) {
                linked.completeExceptionally(e);
            }
        });
        return linked;
    }

    private static void send(PhoneAccount account, RegistrationConnection registration, byte[] companionIdentity,
                             byte[] advSecret, String qrPlatform, PairingForgery forgery, Clock clock,
                             CompletableFuture<LinkedDevice> linked) {
        ServerSession session = registration.session();
        if (session.isClosed()) {
            throw new PairingException(PairingException.Reason.CONNECTION_CLOSED, "the companion's connection closed");
        }
        PhoneAccount.DeviceSlot slot = account.reserveDevice();
        Instant now = clock.instant();
        byte[] details = AdvIdentities.details(account.advRawId(), now.getEpochSecond(), slot.keyIndex());
        ADVSignedDeviceIdentity signed = AdvIdentities.signByAccount(details, account.accountKeyPair(), companionIdentity,
                forgery);
        Node pairSuccess = Node.builder("iq")
                .attr("id", ServerIds.next())
                .attr("type", "set")
                .attr("xmlns", "md")
                .attr("from", Jid.SERVER)
                .attr("t", now.getEpochSecond())
                .children(Node.builder("pair-success").children(
                        Node.builder("device-identity").bytes(AdvIdentities.wrapWithHmac(signed, advSecret, forgery)).build(),
                        Node.builder("platform").attr("name", account.platform()).build(),
                        Node.builder("device")
                                .attr("jid", account.deviceJid(slot.deviceId()))
                                .attr("lid", account.interop().pairSuccessWithoutLid() ? null
                                        : account.deviceLid(slot.deviceId()))
                                .build()).build())
                .build();
        session.router().sendIq(pairSuccess, RESPONSE_TIMEOUT).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    throw translate(failure);
                }
                LinkedDevice device = verify(account, registration, companionIdentity, qrPlatform, slot, signed,
                        response, now);
                account.addDevice(device, registration.companion().signedPreKey());
                LOG.info("account {}: linked {} on connection {}", account.phoneNumber(), device,
                        session.connection().id());
                linked.complete(device);
                // The companion must reconnect and log in as the new device.
                session.terminate(StreamErrorKind.RESTART_REQUIRED);
            } catch (RuntimeException e) {
                LOG.info("account {}: pairing on connection {} failed: {}", account.phoneNumber(),
                        session.connection().id(), e.getMessage());
                linked.completeExceptionally(e);
            }
        });
    }

    private static LinkedDevice verify(PhoneAccount account, RegistrationConnection registration, byte[] companionIdentity,
                                       String qrPlatform, PhoneAccount.DeviceSlot slot, ADVSignedDeviceIdentity sent,
                                       Node response, Instant now) {
        Node sign = response.child("pair-device-sign");
        Node identityNode = sign == null ? null : sign.child("device-identity");
        byte[] identityBytes = identityNode == null ? null : identityNode.bytes();
        if (identityBytes == null) {
            throw badSignature("the answer to pair-success has no pair-device-sign/device-identity bytes: " + response);
        }
        String keyIndex = identityNode.attr("key-index");
        if (keyIndex != null && !keyIndex.equals(Integer.toString(slot.keyIndex()))) {
            throw badSignature("pair-device-sign key-index " + keyIndex + " is not " + slot.keyIndex());
        }
        ADVSignedDeviceIdentity returned;
        try {
            returned = ADVSignedDeviceIdentity.parseFrom(identityBytes);
        } catch (InvalidProtocolBufferException e) {
            throw badSignature("pair-device-sign device-identity is not an ADVSignedDeviceIdentity: " + e.getMessage());
        }
        if (!returned.getDetails().equals(sent.getDetails())) {
            throw badSignature("pair-device-sign changed the signed device details");
        }
        if (!returned.getAccountSignature().equals(sent.getAccountSignature())) {
            throw badSignature("pair-device-sign changed the account signature");
        }
        if (returned.hasAccountSignatureKey() && !returned.getAccountSignatureKey().isEmpty()
                && !returned.getAccountSignatureKey().equals(sent.getAccountSignatureKey())) {
            throw badSignature("pair-device-sign carries another account signature key");
        }
        byte[] deviceSignature = returned.getDeviceSignature().toByteArray();
        if (!AdvIdentities.verifyDeviceSignature(sent.getDetails().toByteArray(), companionIdentity,
                account.accountPublicKey(), deviceSignature)) {
            throw badSignature("the device signature does not verify under the companion's identity key");
        }
        byte[] complete = sent.toBuilder().setDeviceSignature(ByteString.copyFrom(deviceSignature)).build().toByteArray();
        CompanionRegistration companion = registration.companion();
        String platform = companion.platform() != null ? companion.platform() : qrPlatform;
        return new LinkedDevice(slot.deviceId(), account.deviceJid(slot.deviceId()), account.deviceLid(slot.deviceId()),
                companion.noiseKey(), companionIdentity, companion.registrationId(), slot.keyIndex(), platform,
                companion.pushName(), now, companion.dictionaryVersion(), complete);
    }

    private static PairingException badSignature(String message) {
        return new PairingException(PairingException.Reason.BAD_DEVICE_SIGNATURE, message);
    }

    private static RuntimeException translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof IqErrorException error) {
            return new PairingException(PairingException.Reason.REJECTED_BY_COMPANION,
                    "the companion refused pair-success: " + error.code() + " " + error.text(), error);
        }
        if (cause instanceof IqTimeoutException) {
            return new PairingException(PairingException.Reason.TIMEOUT,
                    "the companion did not answer pair-success within " + RESPONSE_TIMEOUT.toSeconds() + " s", cause);
        }
        if (cause instanceof ConnectionClosedException) {
            return new PairingException(PairingException.Reason.CONNECTION_CLOSED,
                    "the companion's connection closed before it answered pair-success", cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
