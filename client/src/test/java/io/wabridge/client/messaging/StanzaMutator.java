package io.wabridge.client.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whole-node mutations of realistic stanzas, for {@link StanzaFuzzTest}: one to four per stanza, at any depth, each
 * one of: an attribute dropped, or set to a hostile value (empty, garbage, other JID kinds, huge or negative numbers,
 * very long), the content replaced (random or empty bytes, text, none), a child dropped, duplicated, or taken from
 * another stanza, the tag renamed to another stanza's. Seeded: the same seed gives the same stanzas.
 */
final class StanzaMutator {

    private static final String[] VALUES = {"", "x", "0", "-1", "1", "2", "99999999999999999999", "NaN", "1.5",
            "@", ":", "@s.whatsapp.net", "s.whatsapp.net", "15550002222@s.whatsapp.net", "15550002222:3@s.whatsapp.net",
            "15550002222:999@s.whatsapp.net", "15550001111:7@s.whatsapp.net", "120363000000000000@g.us",
            "99887766554433@lid", "99887766554433:7@lid", "status@broadcast", "user_5:2@s.whatsapp.net", "bad jid@",
            "0@c.us", "msg", "pkmsg", "skmsg", "retry", "read", "delivery", "result", "error", "set", "get", "text",
            "media", "devices", "encrypt", "w:p", "urn:xmpp:ping", "notification", "receipt", "\u0000", "é€😀",
            "x".repeat(5000)};
    private static final String[] KEYS = {"id", "from", "to", "type", "participant", "recipient", "t", "count", "v",
            "class", "xmlns", "jid", "code", "lid", "notify", "value", "offline", "edit", "category"};

    private final Random random;
    private final List<Node> seeds;

    StanzaMutator(long seed, List<Node> seeds) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
    }

    Node next() {
        Node node = seeds.get(random.nextInt(seeds.size()));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            node = mutate(node, 0);
        }
        return node;
    }

    private Node mutate(Node node, int depth) {
        List<Node> children = node.children();
        if (!children.isEmpty() && depth < 4 && random.nextInt(3) == 0) {
            int at = random.nextInt(children.size());
            List<Node> copy = new ArrayList<>(children);
            copy.set(at, mutate(children.get(at), depth + 1));
            return rebuild(node, node.tag(), node.attrs(), copy, Content.KEEP);
        }
        switch (random.nextInt(8)) {
            case 0 -> { // drop an attribute
                if (node.attrCount() == 0) {
                    return node;
                }
                String key = node.attrKey(random.nextInt(node.attrCount()));
                return node.toBuilder().attr(key, (String) null).build();
            }
            case 1, 2 -> { // hostile value for a present or a well-known attribute
                String key = node.attrCount() > 0 && random.nextBoolean()
                        ? node.attrKey(random.nextInt(node.attrCount())) : KEYS[random.nextInt(KEYS.length)];
                return node.toBuilder().attr(key, VALUES[random.nextInt(VALUES.length)]).build();
            }
            case 3 -> { // content replaced
                Content content = Content.values()[1 + random.nextInt(Content.values().length - 1)];
                return rebuild(node, node.tag(), node.attrs(), content == Content.NONE ? children : List.of(), content);
            }
            case 4 -> { // a child dropped
                if (children.isEmpty()) {
                    return node;
                }
                List<Node> copy = new ArrayList<>(children);
                copy.remove(random.nextInt(copy.size()));
                return rebuild(node, node.tag(), node.attrs(), copy, Content.KEEP);
            }
            case 5 -> { // a child duplicated
                if (children.isEmpty()) {
                    return node;
                }
                List<Node> copy = new ArrayList<>(children);
                copy.add(children.get(random.nextInt(children.size())));
                return rebuild(node, node.tag(), node.attrs(), copy, Content.KEEP);
            }
            case 6 -> { // a child from another stanza (or another stanza whole)
                Node other = seeds.get(random.nextInt(seeds.size()));
                Node graft = other.children().isEmpty() || random.nextBoolean() ? other
                        : other.children().get(random.nextInt(other.children().size()));
                List<Node> copy = new ArrayList<>(children);
                copy.add(random.nextInt(copy.size() + 1), graft);
                return rebuild(node, node.tag(), node.attrs(), copy, Content.KEEP);
            }
            default -> { // renamed to another stanza's (or child's) tag
                Node other = seeds.get(random.nextInt(seeds.size()));
                String tag = other.children().isEmpty() || random.nextBoolean() ? other.tag()
                        : other.children().get(random.nextInt(other.children().size())).tag();
                return rebuild(node, tag, node.attrs(), children, Content.KEEP);
            }
        }
    }

    private enum Content { KEEP, NONE, EMPTY_BYTES, RANDOM_BYTES, TEXT }

    private Node rebuild(Node original, String tag, Map<String, String> attrs, List<Node> children, Content content) {
        NodeBuilder b = Node.builder(tag);
        attrs.forEach(b::attr);
        switch (content) {
            case KEEP -> {
                if (!children.isEmpty() || original.children().size() > 0) {
                    b.children(children);
                } else if (original.bytes() != null) {
                    b.bytes(original.bytes());
                } else if (original.text() != null) {
                    b.text(original.text());
                }
            }
            case NONE -> b.children(children);
            case EMPTY_BYTES -> b.bytes(new byte[0]);
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = 0x33; // a Signal version byte, to get past the first check
                }
                b.bytes(bytes);
            }
            case TEXT -> b.text(VALUES[random.nextInt(VALUES.length)]);
        }
        return b.build();
    }
}
