package io.wabridge.client.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** A trusted-contact privacy token ({@code tctoken}) received from or issued to {@code jid}, with its time. */
public record PrivacyToken(String jid, byte[] token, Instant timestamp) {

    public PrivacyToken {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timestamp, "timestamp");
        if (jid.isEmpty()) {
            throw new IllegalArgumentException("empty jid");
        }
        // Stores keep second precision, as WhatsApp sends it; normalising here keeps equals() stable across stores.
        timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivacyToken t && jid.equals(t.jid) && Arrays.equals(token, t.token)
                && timestamp.equals(t.timestamp);
    }

    @Override
    public int hashCode() {
        return jid.hashCode();
    }

    @Override
    public String toString() {
        return "PrivacyToken[" + jid + " @" + timestamp + "]";
    }
}
