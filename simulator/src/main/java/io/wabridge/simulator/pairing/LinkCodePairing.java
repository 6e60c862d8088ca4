package io.wabridge.simulator.pairing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking with a code instead of a QR, server and phone side. The companion sends companion_hello (its ephemeral
 * key wrapped with the code it shows) and gets a ref; the user types the code on the phone, which answers with
 * primary_hello (its own wrapped ephemeral and its identity) relayed as a notification; the companion sends
 * companion_finish (its key bundle); the phone derives the adv secret from it and sends pair-success as for a QR.
 */
final class LinkCodePairing {
    private static final Logger LOG = LoggerFactory.getLogger(LinkCodePairing.class);
    private static final String TAG = "link_code_companion_reg";

    private final Accounts accounts;
    private final PendingRegistrations pending;
    private final Clock clock;

    LinkCodePairing(Accounts accounts, PendingRegistrations pending, Clock clock) {
        this.accounts = accounts;
        this.pending = pending;
        this.clock = clock;
    }

    /** Handles {@code <iq type="set" xmlns="md"><link_code_companion_reg stage=..>} on a registration connection. */
    void handle(RegistrationConnection registration, Node iq) {
        ServerSession session = registration.session();
        Node reg = iq.child(TAG);
        String stage = reg.attr("stage", "");
        try {
            Node answer = switch (stage) {
                case "companion_hello" -> companionHello(registration, iq, reg);
                case "companion_finish" -> companionFinish(registration, iq, reg);
                default -> ServerStanzas.iqError(iq, 501, "feature-not-implemented");
            };
            session.send(answer);
        } catch (BadRequest e) {
            LOG.info("connection {}: {} refused: {}", session.connection().id(), stage, e.getMessage());
            session.send(ServerStanzas.iqError(iq, e.code, e.text));
        }
    }

    private Node companionHello(RegistrationConnection registration, Node iq, Node reg) {
        Jid jid;
        try {
            jid = Jid.parse(reg.attr("jid", ""));
        } catch (InvalidJidException e) {
            throw new BadRequest(400, "bad-request", "companion_hello jid is not a JID: " + reg.attr("jid"));
        }
        PhoneAccount account = accounts.find(jid.user())
                .orElseThrow(() -> new BadRequest(404, "item-not-found", "no account " + jid.user()));
        byte[] wrapped = bytes(reg, "link_code_pairing_wrapped_companion_ephemeral_pub");
        if (wrapped == null || wrapped.length != PairingCodeCrypto.WRAPPED_KEY_LENGTH) {
            throw new BadRequest(400, "bad-request", "wrapped companion ephemeral key must be 80 bytes");
        }
        byte[] authKey = bytes(reg, "companion_server_auth_key_pub");
        if (authKey == null || !Arrays.equals(authKey, registration.companion().noiseKey())) {
            throw new BadRequest(400, "bad-request", "companion_server_auth_key_pub is not this connection's Noise key");
        }
        String ref = PairingRefs.mint().getFirst();
        registration.linkCode(new LinkCodeRequest(account.phoneNumber(), ref, wrapped,
                text(reg, "companion_platform_id"), text(reg, "companion_platform_display")));
        pending.linkCodeRequested(account.phoneNumber(), registration);
        LOG.info("connection {}: companion asks {} for a pairing code", registration.session().connection().id(),
                account.phoneNumber());
        return ServerStanzas.iqResult(iq, Node.builder(TAG).attr("stage", "companion_hello")
                .children(Node.builder("link_code_pairing_ref").bytes(ref.getBytes(StandardCharsets.UTF_8)).build())
                .build());
    }

    private Node companionFinish(RegistrationConnection registration, Node iq, Node reg) {
        LinkCodeRequest request = registration.linkCode();
        LinkCodeRequest.Confirmation confirmation = request == null ? null : request.confirmation();
        if (confirmation == null) {
            throw new BadRequest(400, "bad-request", "companion_finish before the phone confirmed a code");
        }
        String ref = text(reg, "link_code_pairing_ref");
        if (!request.ref.equals(ref)) {
            throw new BadRequest(400, "bad-request", "companion_finish carries an unknown ref");
        }
        byte[] bundle = bytes(reg, "link_code_pairing_wrapped_key_bundle");
        byte[] companionIdentity = bytes(reg, "companion_identity_public");
        if (bundle == null || companionIdentity == null || companionIdentity.length != 32) {
            throw new BadRequest(400, "bad-request", "companion_finish lacks its key bundle or identity");
        }
        // The relay is acknowledged; whether the phone accepts the bundle is its own business.
        finish(registration, request, confirmation, bundle, companionIdentity);
        return ServerStanzas.iqResult(iq);
    }

    private void finish(RegistrationConnection registration, LinkCodeRequest request,
                        LinkCodeRequest.Confirmation confirmation, byte[] wrappedBundle, byte[] companionIdentity) {
        CompletableFuture<LinkedDevice> result = confirmation.result();
        PhoneAccount account = confirmation.account();
        byte[] shared = X25519.agree(confirmation.primaryEphemeral().privateKey(), confirmation.companionEphemeral());
        byte[] plaintext;
        try {
            plaintext = PairingCodeCrypto.openKeyBundle(shared, wrappedBundle);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            result.completeExceptionally(new PairingException(PairingException.Reason.CODE_MISMATCH,
                    "the companion's key bundle does not decrypt: the code typed is not the one it shows"));
            return;
        }
        if (plaintext.length != 96
                || !Arrays.equals(Arrays.copyOfRange(plaintext, 0, 32), companionIdentity)
                || !Arrays.equals(companionIdentity, registration.companion().identityKey())
                || !Arrays.equals(Arrays.copyOfRange(plaintext, 32, 64), account.accountPublicKey())) {
            result.completeExceptionally(new PairingException(PairingException.Reason.KEY_MISMATCH,
                    "the key bundle's identities are not the companion's and this phone's"));
            return;
        }
        byte[] identityShared = X25519.agree(account.accountKeyPair().privateKey(), companionIdentity);
        byte[] advSecret = PairingCodeCrypto.advSecret(shared, identityShared, Arrays.copyOfRange(plaintext, 64, 96));
        PairSuccessExchange.start(account, registration, companionIdentity, advSecret, request.platformId,
                confirmation.forgery(), clock).whenComplete((device, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(device);
                    }
                });
    }

    /**
     * The phone's side once the user typed {@code typedCode}: unwraps the companion's ephemeral key, wraps its own
     * and sends primary_hello to the companion. The future completes when the device is linked.
     */
    CompletableFuture<LinkedDevice> confirm(PhoneAccount account, String typedCode, PairingForgery forgery) {
        String code = PairingCodeCrypto.normalize(typedCode);
        RegistrationConnection registration = pending.linkCodeFor(account.phoneNumber())
                .filter(RegistrationConnection::isOpen)
                .orElseThrow(() -> new PairingException(PairingException.Reason.NO_PENDING_CODE,
                        "no companion is waiting for a pairing code from " + account.phoneNumber()));
        LinkCodeRequest request = registration.linkCode();
        if (!registration.claim()) {
            throw new PairingException(PairingException.Reason.ALREADY_PAIRING,
                    "the companion asking for a code is being paired already");
        }
        byte[] companionEphemeral = PairingCodeCrypto.unwrapKey(code, request.wrappedCompanionEphemeral);
        X25519KeyPair primaryEphemeral = X25519.generateKeyPair();
        CompletableFuture<LinkedDevice> result = new CompletableFuture<>();
        request.confirm(new LinkCodeRequest.Confirmation(account, primaryEphemeral, companionEphemeral, forgery, result));
        registration.session().push(Node.builder("notification")
                .attr("id", ServerIds.next())
                .attr("from", Jid.SERVER)
                .attr("type", TAG)
                .attr("t", clock.instant().getEpochSecond())
                .children(Node.builder(TAG).attr("stage", "primary_hello").children(
                        Node.builder("link_code_pairing_ref").bytes(request.ref.getBytes(StandardCharsets.UTF_8)).build(),
                        Node.builder("link_code_pairing_wrapped_primary_ephemeral_pub")
                                .bytes(PairingCodeCrypto.wrapKey(code, primaryEphemeral.publicKey())).build(),
                        Node.builder("primary_identity_pub").bytes(account.accountPublicKey()).build()).build())
                .build());
        registration.session().connection().closeFuture().whenComplete((v, e) -> result.completeExceptionally(
                new PairingException(PairingException.Reason.CONNECTION_CLOSED,
                        "the companion's connection closed before the pairing finished")));
        return result;
    }

    private static byte[] bytes(Node parent, String tag) {
        Node child = parent.child(tag);
        if (child == null) {
            return null;
        }
        byte[] bytes = child.bytes();
        if (bytes == null && child.text() != null) {
            bytes = child.text().getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static String text(Node parent, String tag) {
        Node child = parent.child(tag);
        return child == null ? null : child.contentString();
    }

    /** A malformed stage: answered with an iq error, the connection stays. */
    private static final class BadRequest extends RuntimeException {
        final int code;
        final String text;

        BadRequest(int code, String text, String message) {
            super(message);
            this.code = code;
            this.text = text;
        }
    }
}
