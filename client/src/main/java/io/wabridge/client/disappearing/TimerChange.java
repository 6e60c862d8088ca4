package io.wabridge.client.disappearing;

import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.Objects;

/**
 * A disappearing-messages timer changed.
 *
 * @param scope     whose timer: the account's default for new chats, a 1:1 chat's, or a group's
 * @param chat      the chat (user or group JID, no device); null for {@link Scope#DEFAULT}
 * @param seconds   the new timer in seconds, 0 = off
 * @param setAt     when it was set (the sender's setting time, else the message or notification time)
 * @param actor     who changed it (the contact, the group admin, one of our devices), null when not told or for a
 *                  change this client made
 * @param elsewhere true when the change came from the contact, a group admin or another of our devices; false when
 *                  this client's command made it
 */
public record TimerChange(Scope scope, Jid chat, int seconds, Instant setAt, Jid actor, boolean elsewhere) {

    /** Whose timer changed. */
    public enum Scope { DEFAULT, CHAT, GROUP }

    public TimerChange {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(setAt, "setAt");
        if (seconds < 0) {
            throw new IllegalArgumentException("negative timer " + seconds);
        }
        if ((chat == null) != (scope == Scope.DEFAULT)) {
            throw new IllegalArgumentException("a chat timer names its chat, the default timer none");
        }
    }
}
