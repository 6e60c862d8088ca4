package io.wabridge.client.stanza;

import java.security.SecureRandom;

/**
 * Stanza ids as WhatsApp Web makes them: a random per-connection prefix and a counter ({@code 12345.678-1}),
 * unique within a connection and cheap to make.
 */
public final class StanzaIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String prefix;
    private long next = 1;

    public StanzaIds() {
        this(RANDOM.nextInt(1 << 16) + "." + RANDOM.nextInt(1 << 16) + "-");
    }

    StanzaIds(String prefix) {
        this.prefix = prefix;
    }

    public String next() {
        return prefix + next++;
    }
}
