package io.wabridge.client.profile;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.ProfileChanged;
import io.wabridge.client.events.ClientEvent.ProfileChanged.Kind;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code <notification type=picture from=JID><set jid id author/>|<delete jid author/></notification>} and
 * {@code <notification type=status from=USER><set>TEXT</set></notification>} (whatsmeow
 * {@code handlePictureNotification} / {@code handleStatusNotification}) become {@link ProfileChanged} events, one
 * per child; a child we do not know becomes an UNKNOWN event with its tag and attributes. Acknowledged after the
 * events are emitted.
 */
public final class ProfileNotifications {

    private ProfileNotifications() {
    }

    /** Installs both handlers on a login connection. */
    public static void install(StanzaRouter router, Consumer<ClientEvent> emit) {
        for (String type : new String[] {"picture", "status"}) {
            router.on(StanzaMatcher.tagAndType("notification", type), node -> {
                try {
                    parse(node).forEach(emit);
                } finally {
                    router.send(Acks.ackFor(node));
                }
            });
        }
    }

    /** The events of one notification; empty when it names nobody. */
    public static List<ProfileChanged> parse(Node notification) {
        Jid from = Jid.tryParse(notification.attr("from"));
        if (from == null) {
            return List.of();
        }
        long t = 0;
        try {
            t = Long.parseLong(notification.attr("t", "0"));
        } catch (NumberFormatException ignored) {
            // a missing or odd time is not worth dropping the change
        }
        Instant at = Instant.ofEpochSecond(Math.max(0, t));
        boolean status = "status".equals(notification.attr("type"));
        List<ProfileChanged> out = new ArrayList<>();
        List<Node> children = notification.children();
        if (children.isEmpty() && status && notification.contentString() != null) {
            out.add(new ProfileChanged(from.toNonAd(), Kind.ABOUT, null, null, notification.contentString(), "status",
                    notification.attrs(), at));
        }
        for (Node child : children) {
            Jid jid = Jid.tryParse(child.attr("jid"));
            Jid subject = (jid != null ? jid : from).toNonAd();
            Jid author = Jid.tryParse(child.attr("author"));
            author = author == null ? null : author.toNonAd();
            Kind kind;
            String pictureId = null;
            String about = null;
            if (status && child.is("set")) {
                kind = Kind.ABOUT;
                about = child.contentString() == null ? "" : child.contentString();
            } else if (!status && child.is("set")) {
                kind = Kind.PICTURE_SET;
                pictureId = child.attr("id");
            } else if (!status && child.is("delete")) {
                kind = Kind.PICTURE_REMOVED;
            } else {
                kind = Kind.UNKNOWN;
            }
            out.add(new ProfileChanged(subject, kind, author, pictureId, about, child.tag(), child.attrs(), at));
        }
        return out;
    }
}
