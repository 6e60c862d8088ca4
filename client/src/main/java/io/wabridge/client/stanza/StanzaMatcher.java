package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;
import java.util.Objects;

/**
 * Which stanzas a handler takes: a tag, optionally narrowed by the {@code type} attribute and by the
 * {@code xmlns} attribute of the stanza or of its first child (WhatsApp puts it on either, e.g.
 * {@code <iq xmlns="md"><pair-device/></iq>} and {@code <notification type="encrypt">}). The more fields a
 * matcher names, the earlier it is tried.
 */
public record StanzaMatcher(String tag, String type, String xmlns) {

    public StanzaMatcher {
        Objects.requireNonNull(tag, "tag");
    }

    public static StanzaMatcher tag(String tag) {
        return new StanzaMatcher(tag, null, null);
    }

    public static StanzaMatcher tagAndType(String tag, String type) {
        return new StanzaMatcher(tag, type, null);
    }

    public static StanzaMatcher iq(String type, String xmlns) {
        return new StanzaMatcher("iq", type, xmlns);
    }

    int specificity() {
        return (type == null ? 0 : 1) + (xmlns == null ? 0 : 1);
    }

    boolean matches(Node stanza) {
        if (!stanza.is(tag)) {
            return false;
        }
        if (type != null && !type.equals(stanza.attr("type"))) {
            return false;
        }
        if (xmlns == null) {
            return true;
        }
        if (xmlns.equals(stanza.attr("xmlns"))) {
            return true;
        }
        var children = stanza.children();
        return !children.isEmpty() && xmlns.equals(children.getFirst().attr("xmlns"));
    }
}
