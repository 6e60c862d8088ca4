package io.wabridge.client.store;

import java.util.Objects;

/** A LID user and the phone-number user it belongs to (user JIDs, no device). */
public record LidPnMapping(String lid, String pn) {

    public LidPnMapping {
        Objects.requireNonNull(lid, "lid");
        Objects.requireNonNull(pn, "pn");
        if (lid.isEmpty() || pn.isEmpty()) {
            throw new IllegalArgumentException("empty lid or pn");
        }
    }
}
