package io.wabridge.client.store;

import java.util.Objects;

/**
 * A contact of the account.
 *
 * @param jid       the contact's JID
 * @param fullName  the name in the primary device's address book, nullable
 * @param firstName the first name in that address book, nullable
 * @param pushName  the name the contact chose for itself, nullable
 */
public record Contact(String jid, String fullName, String firstName, String pushName) {

    public Contact {
        Objects.requireNonNull(jid, "jid");
        if (jid.isEmpty()) {
            throw new IllegalArgumentException("empty jid");
        }
    }
}
