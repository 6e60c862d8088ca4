package io.wabridge.simulator.server;

import java.util.concurrent.atomic.AtomicLong;

/** Ids for stanzas the server starts (notifications, its own iqs): unique per simulator process, like WhatsApp's. */
public final class ServerIds {
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    private ServerIds() {}

    public static String next() {
        return Long.toString(NEXT.incrementAndGet(), 36).toUpperCase(java.util.Locale.ROOT);
    }
}
