package io.wabridge.client.presence;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import java.util.Objects;

/**
 * The presence and chat-state stanzas we send. Their shapes follow whatsmeow ({@code SendPresence},
 * {@code SubscribePresence}, {@code SendChatPresence}) and Baileys ({@code sendPresenceUpdate},
 * {@code presenceSubscribe}); the server answers none of them.
 */
public final class PresenceStanzas {

    private PresenceStanzas() {
    }

    /**
     * {@code <presence type="available|unavailable" name="PUSH NAME"/>}. The server takes our display name from
     * it; without one contacts may see none, so the name is left out only when we have none. Baileys strips
     * {@code @} from the name, which WhatsApp would otherwise read as a JID; so do we.
     */
    public static Node presence(Presence presence, String pushName) {
        Objects.requireNonNull(presence, "presence");
        NodeBuilder node = Node.builder("presence").attr("type", presence.wireName());
        if (pushName != null) {
            String name = pushName.replace("@", "");
            if (!name.isEmpty()) {
                node.attr("name", name);
            }
        }
        return node.build();
    }

    /**
     * {@code <presence type="subscribe" to=USER id>[<tctoken>TOKEN</tctoken>]</presence>}: asks for the user's
     * presence updates. The privacy token (when we hold one for the user) lets the server accept it from a
     * non-contact.
     *
     * @param tcToken the user's privacy token, null if none
     */
    public static Node subscribe(Jid user, String id, byte[] tcToken) {
        NodeBuilder node = Node.builder("presence").attr("type", "subscribe").attr("to", user.toNonAd());
        if (id != null) {
            node.attr("id", id);
        }
        if (tcToken != null && tcToken.length > 0) {
            node.child(Node.builder("tctoken").bytes(tcToken).build());
        }
        return node.build();
    }

    /**
     * {@code <chatstate from=ME to=CHAT><composing|paused [media="audio"]/></chatstate>}.
     *
     * @param from our own device JID, in the chat's addressing (phone number or LID)
     */
    public static Node chatState(Jid from, Jid chat, ChatState state) {
        Objects.requireNonNull(state, "state");
        NodeBuilder child = Node.builder(state.tag());
        if (state.media() != null) {
            child.attr("media", state.media());
        }
        return Node.builder("chatstate").attr("from", from).attr("to", chat.toNonAd()).child(child.build()).build();
    }
}
