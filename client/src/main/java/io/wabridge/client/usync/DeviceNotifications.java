package io.wabridge.client.usync;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;

/**
 * {@code <notification type=devices from=user><add|remove|update><device jid/>..</..></notification>}: a user's
 * device list changed, so its cached list is dropped (the next send queries it again). Acknowledged always.
 */
public final class DeviceNotifications {

    private DeviceNotifications() {
    }

    public static void install(StanzaRouter router, DeviceCache cache) {
        install(router, cache, node -> { });
    }

    /** As {@link #install(StanzaRouter, DeviceCache)}, showing each notification to {@code seen} first. */
    public static void install(StanzaRouter router, DeviceCache cache, java.util.function.Consumer<Node> seen) {
        router.on(StanzaMatcher.tagAndType("notification", "devices"), node -> {
            seen.accept(node);
            invalidate(node, cache);
            router.send(Acks.ackFor(node));
        });
    }

    /** Drops the cached lists of the notification's sender and of every user its device entries name. */
    static void invalidate(Node notification, DeviceCache cache) {
        invalidate(notification.attr("from"), cache);
        for (Node change : notification.children()) {
            for (Node device : change.children("device")) {
                invalidate(device.attr("jid"), cache);
            }
        }
    }

    private static void invalidate(String jid, DeviceCache cache) {
        Jid parsed = jid == null ? null : Jid.tryParse(jid);
        if (parsed != null && !parsed.isServerJid()) {
            cache.invalidate(parsed);
        }
    }
}
