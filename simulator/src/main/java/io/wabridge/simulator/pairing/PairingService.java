package io.wabridge.simulator.pairing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of linking companions: serves registration connections ({@code <pair-device>} refs, link-code
 * stages) and carries out what the simulated phones do (scan a QR, confirm a code).
 */
public final class PairingService {
    private static final Logger LOG = LoggerFactory.getLogger(PairingService.class);
    private static final Duration PAIR_DEVICE_ACK_TIMEOUT = Duration.ofSeconds(20);

    private final Clock clock;
    private final PendingRegistrations pending = new PendingRegistrations();
    private final LinkCodePairing linkCodes;

    public PairingService(Accounts accounts, Clock clock) {
        this.clock = clock;
        this.linkCodes = new LinkCodePairing(accounts, pending, clock);
    }

    public PendingRegistrations pending() {
        return pending;
    }

    /**
     * Serves a connection whose ClientPayload registers a new companion: checks its registration, sends the six
     * refs right away and keeps them findable until the connection closes. Runs on the session's executor.
     *
     * @throws InvalidRegistrationException if the devicePairingData is incomplete or its signed prekey is forged
     */
    public RegistrationConnection acceptRegistration(ServerSession session, ClientPayload payload) {
        CompanionRegistration companion = CompanionRegistration.from(payload, session.connection().clientStaticKey(),
                session.dictionaryVersion());
        List<String> refs = PairingRefs.mint();
        RegistrationConnection registration = new RegistrationConnection(session, companion, refs, clock.instant());
        pending.add(registration);
        session.connection().closeFuture().whenComplete((ignored, error) -> pending.remove(registration));
        session.router().on(StanzaMatcher.iq("set", "md"), iq -> {
            if (iq.child("link_code_companion_reg") != null) {
                linkCodes.handle(registration, iq);
            } else {
                session.send(ServerStanzas.iqError(iq, 501, "feature-not-implemented"));
            }
        });
        Node pairDevice = Node.builder("iq")
                .attr("id", ServerIds.next())
                .attr("type", "set")
                .attr("xmlns", "md")
                .attr("from", Jid.SERVER)
                .children(Node.builder("pair-device").children(refs.stream()
                        .map(ref -> Node.builder("ref").bytes(ref.getBytes(StandardCharsets.UTF_8)).build())
                        .toList()).build())
                .build();
        session.router().sendIq(pairDevice, PAIR_DEVICE_ACK_TIMEOUT).whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.info("connection {}: pair-device not acknowledged: {}", session.connection().id(), failure.toString());
            }
        });
        return registration;
    }

    /**
     * The phone scans a companion's QR code.
     *
     * @return completes with the linked device once the companion countersigned, or with a {@link PairingException}
     * @throws InvalidQrException if the text is not a linking QR code
     * @throws PairingException   if no open connection holds the ref, it expired, the keys are not that
     *                            connection's, or it is being paired already
     */
    public CompletableFuture<LinkedDevice> scan(PhoneAccount account, String qrText, PairingForgery forgery) {
        PairingQr qr = PairingQr.parse(qrText);
        RegistrationConnection registration = pending.byRef(qr.ref())
                .filter(RegistrationConnection::isOpen)
                .orElseThrow(() -> new PairingException(PairingException.Reason.UNKNOWN_REF,
                        "no waiting companion has ref " + qr.ref()));
        Instant expiry = registration.expiryOf(qr.ref());
        if (clock.instant().isAfter(expiry)) {
            throw new PairingException(PairingException.Reason.EXPIRED_REF,
                    "ref " + qr.ref() + " expired at " + expiry + "; scan the code the companion shows now");
        }
        CompanionRegistration companion = registration.companion();
        if (!Arrays.equals(qr.noiseKey(), companion.noiseKey())) {
            throw new PairingException(PairingException.Reason.KEY_MISMATCH,
                    "the QR's noise key is not the static key of the connection holding its ref");
        }
        if (!Arrays.equals(qr.identityKey(), companion.identityKey())) {
            throw new PairingException(PairingException.Reason.KEY_MISMATCH,
                    "the QR's identity key is not the one the companion registered");
        }
        if (!registration.claim()) {
            throw new PairingException(PairingException.Reason.ALREADY_PAIRING,
                    "this companion is being paired already");
        }
        LOG.info("account {}: phone scanned ref {} of connection {}", account.phoneNumber(), qr.ref(),
                registration.session().connection().id());
        return PairSuccessExchange.start(account, registration, qr.identityKey(), qr.advSecret(), qr.platform(),
                forgery, clock);
    }

    /** The phone's user types the pairing code a companion shows; see {@link LinkCodePairing}. */
    public CompletableFuture<LinkedDevice> confirmCode(PhoneAccount account, String code, PairingForgery forgery) {
        return linkCodes.confirm(account, code, forgery);
    }
}
