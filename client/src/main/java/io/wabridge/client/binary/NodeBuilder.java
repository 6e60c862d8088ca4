package io.wabridge.client.binary;

import io.wabridge.client.jid.Jid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Node}. Attributes keep the order they were first set in; setting a key again replaces its value in
 * place, and a {@code null} value removes the attribute (so optional attributes need no {@code if}). The content is
 * one of children, bytes or text; mixing them is an error.
 */
public final class NodeBuilder {

    private final String tag;
    private Object[] attrs;
    private int attrLength;
    /** Key to array index, kept only once a node has many attributes, so that setting stays O(1). */
    private Map<String, Integer> index;
    private ContentKind kind = ContentKind.NONE;
    private ArrayList<Node> children;
    private Object content;

    NodeBuilder(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("a node tag must not be empty");
        }
        this.tag = tag;
        this.attrs = new Object[8];
    }

    NodeBuilder(Node node) {
        this.tag = node.tag();
        Object[] source = node.attrArray();
        this.attrs = Arrays.copyOf(source, Math.max(8, source.length));
        this.attrLength = source.length;
        this.kind = node.contentKind();
        Object c = node.content();
        if (kind == ContentKind.CHILDREN) {
            children = new ArrayList<>(node.children());
        } else {
            content = c; // byte[] stays private: build() hands it to a node that never exposes it either
        }
    }

    /** Sets an attribute; a {@code null} value removes it. */
    public NodeBuilder attr(String key, String value) {
        return put(key, value);
    }

    /** Sets a JID attribute (sent in JID form when the wire can carry it); {@code null} removes it. */
    public NodeBuilder attr(String key, Jid value) {
        return put(key, value);
    }

    /** Sets an attribute to a decimal number. */
    public NodeBuilder attr(String key, long value) {
        return put(key, Long.toString(value));
    }

    private NodeBuilder put(String key, Object value) {
        Objects.requireNonNull(key, "attribute key");
        int i = find(key);
        if (i >= 0) {
            if (value != null) {
                attrs[i + 1] = value;
            } else {
                System.arraycopy(attrs, i + 2, attrs, i, attrLength - i - 2);
                attrLength -= 2;
                attrs[attrLength] = null;
                attrs[attrLength + 1] = null;
                index = null; // positions moved; rebuilt on demand
            }
            return this;
        }
        if (value != null) {
            if (attrLength == attrs.length) {
                attrs = Arrays.copyOf(attrs, attrs.length * 2);
            }
            if (index != null) {
                index.put(key, attrLength);
            }
            attrs[attrLength++] = key;
            attrs[attrLength++] = value;
        }
        return this;
    }

    private int find(String key) {
        if (attrLength <= 16) {
            for (int i = 0; i < attrLength; i += 2) {
                if (attrs[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        if (index == null) {
            index = new HashMap<>(attrLength);
            for (int i = 0; i < attrLength; i += 2) {
                index.put((String) attrs[i], i);
            }
        }
        Integer i = index.get(key);
        return i == null ? -1 : i;
    }

    /** Appends a child. */
    public NodeBuilder child(Node child) {
        Objects.requireNonNull(child, "child");
        startChildren().add(child);
        return this;
    }

    /** Appends children; with none, the content becomes an empty child list ({@code <tag></tag>}). */
    public NodeBuilder children(Collection<Node> nodes) {
        ArrayList<Node> list = startChildren();
        for (Node n : nodes) {
            list.add(Objects.requireNonNull(n, "child"));
        }
        return this;
    }

    public NodeBuilder children(Node... nodes) {
        return children(Arrays.asList(nodes));
    }

    private ArrayList<Node> startChildren() {
        setKind(ContentKind.CHILDREN);
        if (children == null) {
            children = new ArrayList<>();
        }
        return children;
    }

    /** Binary content (copied). */
    public NodeBuilder bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    public NodeBuilder bytes(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        setKind(ContentKind.BYTES);
        content = Arrays.copyOfRange(data, offset, offset + length);
        return this;
    }

    /** Text content; see {@link ContentKind#TEXT} for how text travels. */
    public NodeBuilder text(String text) {
        Objects.requireNonNull(text, "text");
        setKind(ContentKind.TEXT);
        content = text;
        return this;
    }

    private void setKind(ContentKind newKind) {
        if (kind != ContentKind.NONE && kind != newKind) {
            throw new IllegalStateException("<" + tag + "> already has " + kind + " content, cannot add " + newKind);
        }
        kind = newKind;
    }

    public Node build() {
        Object[] a = attrLength == 0 ? Node.NO_ATTRS : Arrays.copyOf(attrs, attrLength);
        Object c = switch (kind) {
            case NONE -> null;
            case CHILDREN -> children.isEmpty() ? NodeList.EMPTY : new NodeList(children.toArray(new Node[0]));
            case BYTES -> content; // nodes never modify or expose it, so they may share it
            case TEXT -> content;
        };
        return new Node(tag, a, c);
    }
}
