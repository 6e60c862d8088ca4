package io.wabridge.simulator.privacy;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Privacy tokens on the simulated server. A token is an HMAC of issuer, holder and time under a per-server secret
 * (opaque bytes to every client, as WhatsApp's are); the newest one an issuer gave a holder is the valid one.
 * Thread-safe.
 */
public final class PrivacyTokenService {
    /** Messages whose {@code <tctoken>} is remembered for inspection. */
    private static final int SEEN_MEMORY = 10_000;

    private record Pair(String issuer, String holder) {}

    /** What one 1:1 message carried: the token bytes and whether they were the valid token. */
    public record SeenToken(byte[] token, boolean valid) {}

    private final Accounts accounts;
    private final Clock clock;
    private final BiConsumer<PhoneAccount, Node> toCompanions;
    private final byte[] secret = new byte[32];
    private final Map<Pair, byte[]> issued = new ConcurrentHashMap<>();
    private final Map<String, SeenToken> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SeenToken> eldest) {
            return size() > SEEN_MEMORY;
        }
    };
    private final AtomicLong notificationIds = new AtomicLong();
    private final AtomicLong issuedCount = new AtomicLong();

    /** @param toCompanions delivers a stanza to every linked (non-phone) device of an account */
    public PrivacyTokenService(Accounts accounts, Clock clock, BiConsumer<PhoneAccount, Node> toCompanions) {
        this.accounts = accounts;
        this.clock = clock;
        this.toCompanions = toCompanions;
        new SecureRandom().nextBytes(secret);
    }

    /**
     * {@code issuer} gives {@code holder} a fresh token: remembered as the valid one and delivered to the holder's
     * linked devices as {@code <notification type="privacy_token" from=ISSUER sender_lid t><tokens><token jid=HOLDER t
     * type="trusted_contact">bytes}.
     */
    public byte[] issue(PhoneAccount issuer, PhoneAccount holder) {
        long t = clock.instant().getEpochSecond();
        byte[] token = mint(issuer, holder, t);
        issued.put(new Pair(issuer.phoneNumber(), holder.phoneNumber()), token);
        issuedCount.incrementAndGet();
        Node notification = Node.builder("notification")
                .attr("from", issuer.jid())
                .attr("sender_lid", issuer.lidJid())
                .attr("type", "privacy_token")
                .attr("id", "pt-" + notificationIds.incrementAndGet())
                .attr("t", t)
                .child(Node.builder("tokens").child(Node.builder("token").attr("jid", holder.jid()).attr("t", t)
                        .attr("type", "trusted_contact").bytes(token).build()).build())
                .build();
        toCompanions.accept(holder, notification);
        return token;
    }

    /**
     * A device's {@code <iq xmlns="privacy" type="set"><tokens><token jid/>...}: its account issues a token to each
     * named account (unknown ones are skipped). Returns the answer.
     */
    public Node onIssueIq(PhoneAccount issuer, Node iq) {
        Node tokens = iq.child("tokens");
        if (tokens != null) {
            for (Node token : tokens.children("token")) {
                Jid jid = Jid.tryParse(token.attr("jid"));
                if (jid != null) {
                    accounts.find(jid).filter(holder -> holder != issuer).ifPresent(holder -> issue(issuer, holder));
                }
            }
        }
        return Node.builder("iq").attr("id", iq.attr("id", "")).attr("type", "result").attr("from", Jid.SERVER).build();
    }

    /** Notes the {@code <tctoken>} of a 1:1 message {@code sender} sent to {@code recipient}, if it has one. */
    public void onMessage(String id, PhoneAccount sender, PhoneAccount recipient, Node message) {
        Node child = message.child("tctoken");
        if (child == null || child.bytes() == null) {
            return;
        }
        byte[] valid = issued.get(new Pair(recipient.phoneNumber(), sender.phoneNumber()));
        SeenToken seenToken = new SeenToken(child.bytes(), valid != null && Arrays.equals(valid, child.bytes()));
        synchronized (seen) {
            seen.put(id, seenToken);
        }
    }

    /** The token a 1:1 message carried, if it carried one (the last {@value #SEEN_MEMORY} messages). */
    public Optional<SeenToken> seenOn(String messageId) {
        synchronized (seen) {
            return Optional.ofNullable(seen.get(messageId));
        }
    }

    /** Whether {@code issuer} has given {@code holder} a token. */
    public boolean hasIssued(PhoneAccount issuer, PhoneAccount holder) {
        return issued.containsKey(new Pair(issuer.phoneNumber(), holder.phoneNumber()));
    }

    /** Tokens issued since start. */
    public long issuedCount() {
        return issuedCount.get();
    }

    private byte[] mint(PhoneAccount issuer, PhoneAccount holder, long t) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal((issuer.lid() + "|" + holder.lid() + "|" + t)
                    .getBytes(StandardCharsets.UTF_8)), 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
