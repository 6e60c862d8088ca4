package io.wabridge.client.presence;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.Credentials;
import java.util.Objects;

/**
 * What we send about presence: our global online status, our typing indicator in a chat, and subscriptions to a
 * contact's presence. The server answers none of them, so each is done once the stanza is handed to the connection.
 * Runs on the account's executor.
 */
public final class PresenceSender {
    private final CredentialsCell credentials;
    private final java.util.function.Function<Jid, byte[]> privacyToken;
    private final String configuredPushName;

    /** @param privacyToken the valid privacy token a user issued us, null if none */
    public PresenceSender(CredentialsCell credentials, java.util.function.Function<Jid, byte[]> privacyToken,
                          String configuredPushName) {
        this.credentials = credentials;
        this.privacyToken = privacyToken;
        this.configuredPushName = configuredPushName;
    }

    /** {@code <presence type name>}, carrying our push name (the stored one, else the configured one). */
    public void presence(StanzaRouter router, Presence presence) {
        Objects.requireNonNull(presence, "presence");
        Credentials c = credentials.get();
        String name = c.pushName() != null && !c.pushName().isEmpty() ? c.pushName() : configuredPushName;
        router.send(PresenceStanzas.presence(presence, name));
    }

    /** {@code <chatstate>}: addressed as the chat is, our LID towards a LID, our phone-number JID otherwise. */
    public void chatState(StanzaRouter router, Jid chat, ChatState state) {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(state, "state");
        Credentials c = credentials.get();
        String from = chat.isLid() && c.lid() != null ? c.lid() : c.me();
        router.send(PresenceStanzas.chatState(Jid.parse(from), chat, state));
    }

    /** {@code <presence type=subscribe>}, with the user's privacy token when we hold one. */
    public void subscribe(StanzaRouter router, Jid user) {
        Objects.requireNonNull(user, "user");
        byte[] token = privacyToken.apply(user.toNonAd());
        router.send(PresenceStanzas.subscribe(user, router.nextId(), token));
    }
}
