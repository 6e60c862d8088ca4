package io.wabridge.client.newsletter;

import io.wabridge.client.binary.Node;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One newsletter post: {@code <message server_id id type t>} with {@code <plaintext>} (the Message protobuf, not
 * encrypted), {@code <views_count count>} and {@code <reactions><reaction code count/></reactions>} (whatsmeow
 * {@code parseNewsletterMessages}). Live updates carry counts without the content.
 *
 * @param serverId  the newsletter-wide number of the post (what reactions and views name)
 * @param messageId the author's message id
 * @param message   the content, null when the stanza carried none (live updates) or it did not parse
 * @param views     the view count, -1 when not given
 * @param reactions reaction code to count, empty when not given
 */
public record NewsletterPost(long serverId, String messageId, String type, Instant timestamp, Message message,
                             long views, Map<String, Long> reactions) {

    /** Reads the {@code <message>} children of a {@code <messages>}, {@code <message_updates>} or {@code <live_updates>}. */
    public static List<NewsletterPost> parseAll(Node parent) {
        List<NewsletterPost> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node child : parent.children()) {
            if (child.is("message")) {
                out.add(parse(child));
            } else if (child.is("messages")) { // liberal: a wrapper level some answers carry
                out.addAll(parseAll(child));
            }
        }
        return out;
    }

    /** Reads one {@code <message>}; what does not read is left out (null content, -1 views), never fatal. */
    public static NewsletterPost parse(Node m) {
        Message content = null;
        long views = -1;
        Map<String, Long> reactions = new LinkedHashMap<>();
        for (Node c : m.children()) {
            switch (c.tag()) {
                case "plaintext" -> content = content(c);
                case "views_count" -> views = number(c.attr("count"));
                case "reactions" -> {
                    for (Node r : c.children("reaction")) {
                        String code = r.attr("code");
                        if (code != null) {
                            reactions.put(code, Math.max(0, number(r.attr("count"))));
                        }
                    }
                }
                default -> { }
            }
        }
        long t = number(m.attr("t"));
        return new NewsletterPost(Math.max(0, number(m.attr("server_id"))), m.attr("id", ""), m.attr("type", ""),
                t > 0 ? Instant.ofEpochSecond(t) : null, content, views, java.util.Collections.unmodifiableMap(reactions));
    }

    static Message content(Node plaintext) {
        byte[] bytes = plaintext.bytes();
        if (bytes == null) {
            return null;
        }
        try {
            return Message.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null;
        }
    }

    static long number(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
