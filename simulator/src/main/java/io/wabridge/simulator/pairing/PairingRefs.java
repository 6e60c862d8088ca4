package io.wabridge.simulator.pairing;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The refs a registration connection gets in {@code <pair-device>}. The companion shows them one after another as
 * QR codes: the first for 60 s, each later one for 20 s, then gives up (Baileys closes with 408). A ref scanned
 * after its time on screen is refused as expired; the server never sends new ones on the same connection.
 */
public final class PairingRefs {
    public static final int COUNT = 6;
    public static final Duration FIRST_LIFETIME = Duration.ofSeconds(60);
    public static final Duration LATER_LIFETIME = Duration.ofSeconds(20);

    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingRefs() {}

    /**
     * Fresh refs: printable ("2@" + url-safe base64, no commas), because clients paste them into the QR text as
     * they are.
     */
    public static List<String> mint() {
        List<String> refs = new ArrayList<>(COUNT);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        for (int i = 0; i < COUNT; i++) {
            byte[] random = new byte[18];
            RANDOM.nextBytes(random);
            refs.add("2@" + encoder.encodeToString(random));
        }
        return refs;
    }

    /** When ref number {@code index} (0-based) stops being valid, for refs issued at {@code issuedAt}. */
    public static Instant expiry(Instant issuedAt, int index) {
        return issuedAt.plus(FIRST_LIFETIME).plus(LATER_LIFETIME.multipliedBy(index));
    }
}
