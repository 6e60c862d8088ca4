package io.wabridge.client.auth;

import java.time.Duration;

/** How long each QR ref is shown: the first longer (the user needs time to open the scanner), then shorter. */
public record QrSettings(Duration firstTtl, Duration nextTtl) {
    public static final QrSettings DEFAULTS = new QrSettings(Duration.ofSeconds(60), Duration.ofSeconds(20));

    public QrSettings {
        if (firstTtl.isNegative() || firstTtl.isZero() || nextTtl.isNegative() || nextTtl.isZero()) {
            throw new IllegalArgumentException("QR lifetimes must be positive");
        }
    }
}
