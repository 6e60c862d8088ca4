package io.wabridge.client.presence;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received {@code <presence>} and {@code <chatstate>} stanzas become {@link ClientEvent.PresenceUpdate} and
 * {@link ClientEvent.ChatStateUpdate}. They are fire-and-forget on the wire (no ack either way, nothing is
 * redelivered), so they go out as plain events; an unreadable one becomes a warning. Runs on the account's serial
 * executor.
 */
public final class IncomingPresence {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingPresence.class);

    private IncomingPresence() {
    }

    /** Routes the connection's presence and chat-state stanzas to {@code emit}. */
    public static void install(StanzaRouter router, Consumer<ClientEvent> emit) {
        router.on(StanzaMatcher.tag("presence"), node -> {
            try {
                ClientEvent.PresenceUpdate update = parsePresence(node);
                if (update != null) {
                    emit.accept(update);
                }
            } catch (MalformedPresenceException e) {
                emit.accept(new ClientEvent.Warning("unreadable presence: " + e.getMessage()));
            }
        });
        router.on(StanzaMatcher.tag("chatstate"), node -> {
            try {
                emit.accept(parseChatState(node));
            } catch (MalformedPresenceException e) {
                emit.accept(new ClientEvent.Warning("unreadable chat state: " + e.getMessage()));
            }
        });
    }

    /**
     * {@code <presence from [type=unavailable] [last=EPOCH_SECONDS|deny]/>}: no type means available; a
     * {@code last} of {@code deny} (the user hides it) or absent leaves last seen unknown.
     *
     * @return the update, or null for a presence type that is not a status (e.g. an error answer), logged
     * @throws MalformedPresenceException without a readable sender
     */
    public static ClientEvent.PresenceUpdate parsePresence(Node presence) throws MalformedPresenceException {
        Jid from = sender(presence, "from");
        String type = presence.attr("type");
        boolean available;
        if (type == null || type.equals("available")) {
            available = true;
        } else if (type.equals("unavailable")) {
            available = false;
        } else {
            LOG.debug("presence of type {} from {} ignored", type, from);
            return null;
        }
        Instant lastSeen = null;
        String last = presence.attr("last");
        if (last != null && !last.isEmpty() && !last.equals("deny")) {
            try {
                lastSeen = Instant.ofEpochSecond(Long.parseLong(last));
            } catch (NumberFormatException e) {
                throw new MalformedPresenceException("<presence from=" + from + "> with last=" + last);
            }
        }
        return new ClientEvent.PresenceUpdate(from.toNonAd(), available, lastSeen);
    }

    /**
     * {@code <chatstate from=CHAT [participant=USER]><composing [media=audio]/>|<paused/></chatstate>}: in a group
     * the {@code participant} is who types, elsewhere the sender is the chat.
     *
     * @throws MalformedPresenceException without a readable sender, or with no single known state child
     */
    public static ClientEvent.ChatStateUpdate parseChatState(Node chatstate) throws MalformedPresenceException {
        Jid from = sender(chatstate, "from");
        Jid participant;
        try {
            participant = chatstate.jidAttr("participant");
        } catch (InvalidJidException e) {
            throw new MalformedPresenceException("<chatstate from=" + from + "> with a bad participant", e);
        }
        if (chatstate.children().size() != 1) {
            throw new MalformedPresenceException("<chatstate from=" + from + "> with "
                    + chatstate.children().size() + " children, expected one");
        }
        Node child = chatstate.children().getFirst();
        ChatState state = ChatState.fromWire(child.tag(), child.attr("media"));
        if (state == null) {
            throw new MalformedPresenceException("<chatstate from=" + from + "> with unknown state <" + child.tag() + ">");
        }
        Jid sender = participant != null ? participant : from;
        return new ClientEvent.ChatStateUpdate(from.toNonAd(), sender.toNonAd(), state);
    }

    private static Jid sender(Node node, String key) throws MalformedPresenceException {
        try {
            Jid jid = node.jidAttr(key);
            if (jid == null) {
                throw new MalformedPresenceException("<" + node.tag() + "> without " + key);
            }
            return jid;
        } catch (InvalidJidException e) {
            throw new MalformedPresenceException("<" + node.tag() + "> with a bad " + key + ": " + e.getMessage(), e);
        }
    }
}
