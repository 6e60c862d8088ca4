package io.wabridge.simulator.pairing;

import io.wabridge.simulator.server.ServerSession;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A companion connection waiting to be linked: its registration, the refs it was given and when, and whether a
 * phone has started pairing it (only one may).
 */
public final class RegistrationConnection {
    private final ServerSession session;
    private final CompanionRegistration companion;
    private final List<String> refs;
    private final Instant refsIssuedAt;
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Set by companion_hello; read by the phone confirming the code. */
    private volatile LinkCodeRequest linkCode;

    RegistrationConnection(ServerSession session, CompanionRegistration companion, List<String> refs, Instant refsIssuedAt) {
        this.session = session;
        this.companion = companion;
        this.refs = List.copyOf(refs);
        this.refsIssuedAt = refsIssuedAt;
    }

    public ServerSession session() {
        return session;
    }

    public CompanionRegistration companion() {
        return companion;
    }

    public List<String> refs() {
        return refs;
    }

    public Instant refsIssuedAt() {
        return refsIssuedAt;
    }

    /** When {@code ref} stops being scannable; the ref must be one of {@link #refs()}. */
    Instant expiryOf(String ref) {
        int index = refs.indexOf(ref);
        if (index < 0) {
            throw new IllegalArgumentException("not a ref of this connection: " + ref);
        }
        return PairingRefs.expiry(refsIssuedAt, index);
    }

    /** True for the first caller only: a connection is paired at most once. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    boolean isClaimed() {
        return claimed.get();
    }

    LinkCodeRequest linkCode() {
        return linkCode;
    }

    void linkCode(LinkCodeRequest request) {
        this.linkCode = request;
    }

    boolean isOpen() {
        return !session.isClosed() && session.connection().isOpen();
    }
}
