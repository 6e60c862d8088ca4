package io.wabridge.client.auth;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The companion's side of linking, on one connection of a device that has not paired yet: QR codes from the
 * server's {@code <pair-device>} refs, {@code <pair-success>} verification and answer, and "link with phone number"
 * (pairing code). Runs on the session executor; one instance per connection.
 */
public final class Pairing {
    private static final Logger LOG = LoggerFactory.getLogger(Pairing.class);
    private static final Duration IQ_TIMEOUT = Duration.ofSeconds(30);

    /** What the pairing reports to its client (on the session executor). */
    public interface Listener {
        void qr(ClientEvent.Qr qr);

        /** The refs ran out (or there were none): the connection should close without retrying. */
        void qrExhausted(String reason);

        void pairingCode(String code);

        /** Stored and answered; the server restarts the stream next (515). */
        void paired(PairSuccess.Result result);

        /** Refused; nothing was registered. The connection should close. */
        void failed(String reason);
    }

    /** The state between a pairing-code request and the phone's answer. */
    private record PendingCode(String phoneJid, String code, X25519KeyPair ephemeral, String ref) {}

    private final StanzaRouter router;
    private final CredentialsCell credentials;
    private final IdentityStore identities;
    private final ClientProfile profile;
    private final QrSettings qrSettings;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Clock clock;
    private final SecureRandom random;
    private final Listener listener;
    private QrRotation rotation;
    private PendingCode pendingCode;
    private boolean done;
    /**
     * The credentials to go back to while a verified pairing is being stored and not answered yet: if the connection
     * ends meanwhile, {@link #stop()} queues their save at once, behind the pairing's and before the next connection's
     * load, so that load never reads a pairing the server never learned we accepted (nor is it undone under it).
     */
    private Credentials undo;

    public Pairing(StanzaRouter router, CredentialsCell credentials, IdentityStore identities, ClientProfile profile,
                   QrSettings qrSettings, Scheduler scheduler, Executor executor, Clock clock, SecureRandom random,
                   Listener listener) {
        this.router = router;
        this.credentials = credentials;
        this.identities = identities;
        this.profile = profile;
        this.qrSettings = qrSettings;
        this.scheduler = scheduler;
        this.executor = executor;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
    }

    public void install() {
        router.on(StanzaMatcher.tagAndType("iq", "set"), this::onServerIq);
    }

    /**
     * Stops the QR rotation (connection closing, or paired); a pairing stored but not answered is undone (its undo
     * queued behind it on the credentials cell, before anything a next connection asks of the cell).
     */
    public void stop() {
        done = true;
        if (rotation != null) {
            rotation.cancel();
        }
        revert();
    }

    /** Queues the save of the credentials before an unanswered pairing, if one is out. */
    private void revert() {
        Credentials before = undo;
        undo = null;
        if (before == null) {
            return;
        }
        LOG.warn("the connection ended before the pairing answer: back to unregistered");
        try {
            credentials.save(before);
        } catch (RuntimeException e) { // only without an I/O executor; the next load reads what is stored
            LOG.warn("could not revert the credentials of an unanswered pairing", e);
        }
    }

    /** Sends a stanza whose loss changes nothing for us (an error reply): a closed connection is not a failure here. */
    private void sendQuietly(Node stanza) {
        try {
            router.send(stanza);
        } catch (RuntimeException e) {
            LOG.debug("could not send {}: {}", stanza.tag(), e.toString());
        }
    }

    private void onServerIq(Node iq) {
        if (done) {
            return;
        }
        if (iq.child("pair-device") != null) {
            onPairDevice(iq);
        } else if (iq.child("pair-success") != null) {
            onPairSuccess(iq);
        } else {
            LOG.debug("unhandled server iq {}", iq);
        }
    }

    private void onPairDevice(Node iq) {
        // Acknowledge first and promptly: the server waits for it before it counts the refs as shown.
        router.send(Node.builder("iq").attr("to", Jid.SERVER).attr("type", "result")
                .attr("id", iq.requireAttr("id")).build());
        List<String> codes = new ArrayList<>();
        for (Node ref : iq.child("pair-device").children("ref")) {
            String text = ref.contentString();
            if (text != null && !text.isEmpty()) {
                codes.add(qrCode(text));
            }
        }
        if (rotation != null) {
            rotation.cancel();
        }
        if (codes.isEmpty()) {
            done = true;
            listener.qrExhausted("pair-device carried no QR refs");
            return;
        }
        rotation = new QrRotation(codes, qrSettings, scheduler, executor, clock, listener::qr,
                () -> listener.qrExhausted("QR refs exhausted (408): the code was not scanned in time"));
        rotation.start();
    }

    /** {@code ref,base64(noisePub),base64(identityPub),base64(advSecret),platform}. */
    String qrCode(String ref) {
        Credentials c = credentials.get();
        Base64.Encoder b64 = Base64.getEncoder();
        return ref + "," + b64.encodeToString(c.noiseKey().publicKey()) + ","
                + b64.encodeToString(c.identityKey().publicKey()) + "," + b64.encodeToString(c.advSecret()) + ","
                + profile.companionPlatformId();
    }

    private void onPairSuccess(Node iq) {
        String id = iq.attr("id");
        Credentials before = credentials.get();
        PairSuccess.Result result;
        try {
            result = PairSuccess.verify(iq, before);
        } catch (PairingException e) {
            if (id != null) {
                sendQuietly(PairSuccess.errorReply(id, e));
            }
            fail("pair-success refused: " + e.getMessage());
            return;
        }
        // The phone's account key is its primary device's Signal identity; sessions with it need it. Both are stored
        // on the store I/O executor, the identity first; the reply leaves once they are (stored before accepted).
        Runnable primaryIdentity = result.lid() == null ? null : () -> identities.save(
                new SignalAddress(Jid.parse(result.lid()).withDevice(0).signalUser(), 0),
                XEdDsa.withTypePrefix(result.primaryIdentityKey()));
        CompletableFuture<Void> stored;
        undo = before;
        try {
            credentials.save(result.credentials(), primaryIdentity);
            stored = credentials.stored();
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((v, failure) -> {
            if (failure != null) {
                undo = null; // not stored: nothing to undo (the next connection reloads what is)
                LOG.warn("could not store the pairing", failure);
                if (id != null) {
                    sendQuietly(PairSuccess.errorReply(id, new PairingException(500, "internal-error", "store failed")));
                }
                fail("pairing verified but could not be stored: " + failure);
            } else if (done || router.isClosed()) { // the connection ended while storing: the reply cannot leave
                revert(); // unless stop() queued it already
            } else {
                undo = null;
                reply(result, before);
            }
        });
    }

    /** Accepts the stored pairing (the pair-success reply); reverts the credentials if the reply cannot leave. */
    private void reply(PairSuccess.Result result, Credentials before) {
        try {
            router.send(result.reply());
        } catch (RuntimeException e) {
            // The server never learned we accepted: go back to unregistered rather than keep a half-linked device.
            try {
                credentials.save(before);
            } catch (RuntimeException revert) {
                LOG.warn("could not revert the credentials after a failed pairing answer", revert);
            }
            fail("pairing answer could not be sent: " + e.getMessage());
            return;
        }
        stop();
        listener.paired(result);
    }

    private void fail(String reason) {
        stop();
        listener.failed(reason);
    }

    // ---- pairing code ----

    /**
     * Asks the server to link {@code phone} (international digits) by code; completes with the 8-character code
     * once the server accepted the request, and emits it through the listener. The phone's answer arrives later
     * as a {@code link_code_companion_reg} notification.
     */
    public CompletableFuture<String> requestPairingCode(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        if (digits.length() <= 6 || digits.startsWith("0")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "phone number must be in international format without a leading 0: " + phone));
        }
        if (done) {
            return CompletableFuture.failedFuture(new IllegalStateException("pairing is over on this connection"));
        }
        String code = LinkCodeCrypto.newCode(random);
        X25519KeyPair ephemeral = X25519.generateKeyPair();
        String jid = Jid.of(digits, JidServer.WHATSAPP).toString();
        Node request = Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "md")
                .children(Node.builder("link_code_companion_reg")
                        .attr("jid", jid)
                        .attr("stage", "companion_hello")
                        .attr("should_show_push_notification", "true")
                        .children(
                                Node.builder("link_code_pairing_wrapped_companion_ephemeral_pub")
                                        .bytes(LinkCodeCrypto.wrapEphemeral(code, ephemeral.publicKey(), random)).build(),
                                Node.builder("companion_server_auth_key_pub")
                                        .bytes(credentials.get().noiseKey().publicKey()).build(),
                                Node.builder("companion_platform_id").text(profile.companionPlatformId()).build(),
                                Node.builder("companion_platform_display").text(profile.companionDisplayName()).build(),
                                Node.builder("link_code_pairing_nonce").text("0").build())
                        .build())
                .build();
        return router.sendIq(request, IQ_TIMEOUT).thenApply(response -> {
            Node reg = response.child("link_code_companion_reg");
            Node refNode = reg == null ? null : reg.child("link_code_pairing_ref");
            String ref = refNode == null ? null : refNode.contentString();
            pendingCode = new PendingCode(jid, code, ephemeral, ref);
            listener.pairingCode(code);
            return code;
        });
    }

    /** Installs the handler for the phone's answer to a pairing code (and acks the notification). */
    public void installCodeNotificationHandler() {
        router.on(new StanzaMatcher("notification", "link_code_companion_reg", null), this::onCodeNotification);
    }

    private void onCodeNotification(Node notification) {
        router.send(Acks.ackFor(notification));
        try {
            finishCodePairing(notification);
        } catch (PairingException e) {
            listener.failed("pairing code answer refused: " + e.getMessage());
        }
    }

    private void finishCodePairing(Node notification) throws PairingException {
        Node reg = notification.child("link_code_companion_reg");
        if (reg == null) {
            throw new PairingException(400, "bad-request", "notification has no <link_code_companion_reg>");
        }
        PendingCode pending = pendingCode;
        if (pending == null) {
            throw new PairingException(400, "bad-request", "no pairing code was requested on this connection");
        }
        String ref = childText(reg, "link_code_pairing_ref");
        if (pending.ref() != null && ref != null && !pending.ref().equals(ref)) {
            throw new PairingException(400, "bad-request", "pairing ref does not match the one the server gave us");
        }
        byte[] wrapped = childBytes(reg, "link_code_pairing_wrapped_primary_ephemeral_pub");
        byte[] primaryIdentity = childBytes(reg, "primary_identity_pub");
        if (wrapped.length < LinkCodeCrypto.WRAPPED_KEY_LENGTH || primaryIdentity.length != 32) {
            throw new PairingException(400, "bad-request", "wrapped primary key or primary identity has the wrong size");
        }
        byte[] primaryEphemeral = LinkCodeCrypto.unwrapEphemeral(pending.code(), wrapped);
        byte[] ephemeralShared;
        byte[] identityShared;
        Credentials c = credentials.get();
        try {
            ephemeralShared = X25519.agree(pending.ephemeral().privateKey(), primaryEphemeral);
            identityShared = X25519.agree(c.identityKey().privateKey(), primaryIdentity);
        } catch (RuntimeException e) {
            throw new PairingException(400, "bad-request", "invalid primary key: " + e.getMessage(), e);
        }
        byte[] advRandom = new byte[32];
        random.nextBytes(advRandom);
        byte[] bundle = LinkCodeCrypto.sealKeyBundle(ephemeralShared,
                PairSuccess.concat(c.identityKey().publicKey(), primaryIdentity, advRandom), random);
        // The new adv secret keys the pair-success HMAC that follows; store it (still unregistered) first.
        credentials.save(c.toBuilder().advSecret(LinkCodeCrypto.advSecret(ephemeralShared, identityShared, advRandom)).build());
        pendingCode = null;
        Node finish = Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", "md")
                .children(Node.builder("link_code_companion_reg")
                        .attr("jid", pending.phoneJid())
                        .attr("stage", "companion_finish")
                        .children(
                                Node.builder("link_code_pairing_wrapped_key_bundle").bytes(bundle).build(),
                                Node.builder("companion_identity_public").bytes(c.identityKey().publicKey()).build(),
                                Node.builder("link_code_pairing_ref").bytes(ref == null ? new byte[0]
                                        : ref.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build())
                        .build())
                .build();
        router.sendIq(finish, IQ_TIMEOUT).whenComplete((ok, failure) -> {
            if (failure != null) {
                listener.failed("companion_finish refused: " + failure.getMessage());
            }
        });
    }

    private static String childText(Node parent, String tag) {
        Node child = parent.child(tag);
        return child == null ? null : child.contentString();
    }

    private static byte[] childBytes(Node parent, String tag) throws PairingException {
        Node child = parent.child(tag);
        byte[] bytes = child == null ? null : child.bytes();
        if (bytes == null) {
            throw new PairingException(400, "bad-request", "notification lacks <" + tag + ">");
        }
        return bytes;
    }
}
