package io.wabridge.client.newsletter;

import com.google.protobuf.Struct;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the server pushes about newsletters into {@link NewsletterChange}s, one per child; a child we do not
 * understand is an {@link NewsletterChange.Kind#UNKNOWN} change with its tag and attributes, never dropped:
 * <ul>
 *   <li>{@code <message from=NL server_id id t type><plaintext>} (whatsmeow {@code handlePlaintextMessage}): a
 *       {@link NewsletterChange.Kind#POST};</li>
 *   <li>{@code <notification type=newsletter from=NL>} (whatsmeow {@code handleNewsletterNotification}, Baileys
 *       {@code handleNewsletterNotification}): {@code <live_updates>} with {@code <message server_id>} counts, a
 *       {@code <message>} with {@code <plaintext>} (a post), {@code <update><settings><name|description>};</li>
 *   <li>{@code <notification type=mex>} with {@code <update op_name>JSON} (whatsmeow {@code handleMexNotification}):
 *       {@code xwa2_notify_newsletter_on_join|on_leave|on_mute_change}.</li>
 * </ul>
 */
public final class NewsletterNotifications {

    private NewsletterNotifications() {
    }

    /** Whether a {@code <message>} comes from a newsletter (and so is not end-to-end encrypted). */
    public static boolean isNewsletterMessage(Node message) {
        Jid from = Jid.tryParse(message.attr("from"));
        return from != null && from.isNewsletter();
    }

    /** The post of a {@code <message>} from a newsletter. */
    public static NewsletterChange post(Node message) {
        Jid from = Jid.tryParse(message.attr("from"));
        NewsletterPost p = NewsletterPost.parse(message);
        return new NewsletterChange(from, NewsletterChange.Kind.POST, List.of(p), null, null, null, "message",
                null, at(message), message.attr("id"));
    }

    /** The changes of a {@code <notification type=newsletter>}. */
    public static List<NewsletterChange> newsletter(Node notification) {
        Jid from = Jid.tryParse(notification.attr("from"));
        Instant at = at(notification);
        String id = notification.attr("id");
        List<NewsletterChange> out = new ArrayList<>();
        for (Node child : notification.children()) {
            switch (child.tag()) {
                case "live_updates" -> out.add(new NewsletterChange(from, NewsletterChange.Kind.LIVE_UPDATE,
                        NewsletterPost.parseAll(child), null, null, null, child.tag(), null, at, id));
                case "message" -> {
                    if (child.child("plaintext") != null) {
                        out.add(new NewsletterChange(from, NewsletterChange.Kind.POST,
                                List.of(NewsletterPost.parse(child)), null, null, null, child.tag(), null, at, id));
                    } else {
                        out.add(unknown(from, child, at, id));
                    }
                }
                case "update" -> {
                    Node settings = child.child("settings");
                    Node name = settings == null ? null : settings.child("name");
                    if (settings != null) {
                        out.add(new NewsletterChange(from, NewsletterChange.Kind.SETTINGS, null, null, null,
                                name == null ? null : name.contentString(), child.tag(), null, at, id));
                    } else {
                        out.add(unknown(from, child, at, id));
                    }
                }
                default -> out.add(unknown(from, child, at, id));
            }
        }
        return out;
    }

    /** The changes of a {@code <notification type=mex>}. */
    public static List<NewsletterChange> mex(Node notification) {
        Instant at = at(notification);
        String id = notification.attr("id");
        List<NewsletterChange> out = new ArrayList<>();
        for (Node child : notification.children()) {
            byte[] bytes = child.bytes();
            if (!child.is("update") || bytes == null) {
                out.add(unknown(null, child, at, id));
                continue;
            }
            String json = new String(bytes, StandardCharsets.UTF_8);
            Struct data;
            try {
                data = Mex.struct(Mex.parse(json), "data");
            } catch (NewsletterException e) {
                data = null;
            }
            out.add(data == null ? raw(null, child, json, at, id) : mexChange(child, data, json, at, id));
        }
        return out;
    }

    private static NewsletterChange mexChange(Node child, Struct data, String json, Instant at, String id) {
        Struct join = Mex.struct(data, "xwa2_notify_newsletter_on_join");
        if (join != null) {
            Jid nl = Jid.tryParse(Mex.string(join, "id"));
            return new NewsletterChange(nl, NewsletterChange.Kind.JOINED, null, null,
                    Mex.string(Mex.struct(join, "viewer_metadata"), "role").toLowerCase(java.util.Locale.ROOT),
                    Mex.string(Mex.struct(Mex.struct(join, "thread_metadata"), "name"), "text"),
                    "xwa2_notify_newsletter_on_join", null, at, id);
        }
        Struct leave = Mex.struct(data, "xwa2_notify_newsletter_on_leave");
        if (leave != null) {
            return new NewsletterChange(Jid.tryParse(Mex.string(leave, "id")), NewsletterChange.Kind.LEFT, null, null,
                    Mex.string(leave, "role").toLowerCase(java.util.Locale.ROOT), null,
                    "xwa2_notify_newsletter_on_leave", null, at, id);
        }
        Struct mute = Mex.struct(data, "xwa2_notify_newsletter_on_mute_change");
        if (mute != null) {
            return new NewsletterChange(Jid.tryParse(Mex.string(mute, "id")), NewsletterChange.Kind.MUTE_CHANGED, null,
                    "ON".equalsIgnoreCase(Mex.string(mute, "mute")), null, null,
                    "xwa2_notify_newsletter_on_mute_change", null, at, id);
        }
        return raw(null, child, json, at, id);
    }

    private static NewsletterChange raw(Jid newsletter, Node child, String json, Instant at, String id) {
        Map<String, String> attrs = new LinkedHashMap<>(child.attrs());
        attrs.put("json", json);
        String op = child.attr("op_name");
        return new NewsletterChange(newsletter, NewsletterChange.Kind.UNKNOWN, null, null, null, null,
                op == null ? child.tag() : op, attrs, at, id);
    }

    private static NewsletterChange unknown(Jid newsletter, Node child, Instant at, String id) {
        return new NewsletterChange(newsletter, NewsletterChange.Kind.UNKNOWN, null, null, null, null, child.tag(),
                child.attrs(), at, id);
    }

    private static Instant at(Node stanza) {
        long t = NewsletterPost.number(stanza.attr("t"));
        return Instant.ofEpochSecond(Math.max(0, t));
    }
}
