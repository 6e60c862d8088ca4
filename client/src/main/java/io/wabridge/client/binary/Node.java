package io.wabridge.client.binary;

import io.wabridge.client.jid.Jid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of WhatsApp's binary XML: a tag, ordered attributes and optional content (children, bytes or text).
 * Immutable; build one with {@link #builder(String)}.
 *
 * <p>Attribute values are strings; a value may be held as a {@link Jid} (the decoder does so for JID-encoded
 * values, a builder when given one), which {@link #jidAttr} then returns without parsing. Equality compares the
 * string forms, so a JID value equals its canonical text.
 *
 * <p>{@link #toString()} gives the XML-like form of {@link NodeText} with binary content redacted to its length;
 * {@link NodeText#format(Node)} gives the full, parseable form.
 */
public final class Node {

    static final Object[] NO_ATTRS = new Object[0];

    /** {@code <xmlstreamend/>}: the server closing the stream; also what a bare STREAM_END frame decodes to. */
    public static final Node XML_STREAM_END = new Node("xmlstreamend", NO_ATTRS, null);

    private final String tag;
    /** key0, value0, key1, value1, ...; keys are Strings, values Strings or Jids. Never shared or modified. */
    private final Object[] attrs;
    /** null, a {@link NodeList}, a byte[] (owned, never handed out) or a String. */
    private final Object content;
    private int hash;

    /** Trusted constructor: the arguments are valid and owned by the new node. */
    Node(String tag, Object[] attrs, Object content) {
        this.tag = tag;
        this.attrs = attrs;
        this.content = content;
    }

    /** A node with a tag and nothing else. */
    public static Node of(String tag) {
        return builder(tag).build();
    }

    public static NodeBuilder builder(String tag) {
        return new NodeBuilder(tag);
    }

    /** A builder holding this node's tag, attributes and content, to derive a changed copy. */
    public NodeBuilder toBuilder() {
        return new NodeBuilder(this);
    }

    public String tag() {
        return tag;
    }

    /** True if this node's tag is the given one. */
    public boolean is(String tag) {
        return this.tag.equals(tag);
    }

    // ---- attributes ----

    public int attrCount() {
        return attrs.length >> 1;
    }

    public String attrKey(int index) {
        return (String) attrs[2 * checkAttrIndex(index)];
    }

    public String attrValue(int index) {
        return attrs[2 * checkAttrIndex(index) + 1].toString();
    }

    private int checkAttrIndex(int index) {
        if (index < 0 || index >= attrCount()) {
            throw new IndexOutOfBoundsException("attribute " + index + " of " + attrCount());
        }
        return index;
    }

    /** The value as stored: a String or a Jid. */
    Object attrValueObject(int index) {
        return attrs[2 * index + 1];
    }

    Object[] attrArray() {
        return attrs;
    }

    private int indexOf(String key) {
        for (int i = 0; i < attrs.length; i += 2) {
            if (attrs[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The attribute's value, or {@code null} if the node has no such attribute. */
    public String attr(String key) {
        int i = indexOf(key);
        return i < 0 ? null : attrs[i + 1].toString();
    }

    public String attr(String key, String fallback) {
        int i = indexOf(key);
        return i < 0 ? fallback : attrs[i + 1].toString();
    }

    public boolean hasAttr(String key) {
        return indexOf(key) >= 0;
    }

    /**
     * The attribute's value.
     *
     * @throws MissingAttributeException if the node has no such attribute
     */
    public String requireAttr(String key) {
        int i = indexOf(key);
        if (i < 0) {
            throw new MissingAttributeException(tag, key);
        }
        return attrs[i + 1].toString();
    }

    /**
     * The attribute as a JID, or {@code null} if absent.
     *
     * @throws io.wabridge.client.jid.InvalidJidException if the value is not a JID
     */
    public Jid jidAttr(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Object value = attrs[i + 1];
        return value instanceof Jid jid ? jid : Jid.parse((String) value);
    }

    /**
     * The attribute as a JID.
     *
     * @throws MissingAttributeException if absent
     * @throws io.wabridge.client.jid.InvalidJidException if the value is not a JID
     */
    public Jid requireJidAttr(String key) {
        Jid jid = jidAttr(key);
        if (jid == null) {
            throw new MissingAttributeException(tag, key);
        }
        return jid;
    }

    /** The attributes in order, as a new unmodifiable map. */
    public Map<String, String> attrs() {
        Map<String, String> map = new LinkedHashMap<>(attrs.length);
        for (int i = 0; i < attrs.length; i += 2) {
            map.put((String) attrs[i], attrs[i + 1].toString());
        }
        return Collections.unmodifiableMap(map);
    }

    // ---- content ----

    public ContentKind contentKind() {
        if (content == null) {
            return ContentKind.NONE;
        }
        if (content instanceof NodeList) {
            return ContentKind.CHILDREN;
        }
        return content instanceof byte[] ? ContentKind.BYTES : ContentKind.TEXT;
    }

    public boolean hasContent() {
        return content != null;
    }

    /** The child nodes; an empty list if the content is not children. */
    public List<Node> children() {
        return content instanceof NodeList list ? list : NodeList.EMPTY;
    }

    /** The first child with this tag, or {@code null}. */
    public Node child(String childTag) {
        if (content instanceof NodeList list) {
            for (int i = 0, n = list.size(); i < n; i++) {
                Node child = list.get(i);
                if (child.tag.equals(childTag)) {
                    return child;
                }
            }
        }
        return null;
    }

    /** All children with this tag, in order. */
    public List<Node> children(String childTag) {
        if (!(content instanceof NodeList list)) {
            return List.of();
        }
        List<Node> found = new ArrayList<>();
        for (int i = 0, n = list.size(); i < n; i++) {
            Node child = list.get(i);
            if (child.tag.equals(childTag)) {
                found.add(child);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** A copy of the binary content, or {@code null} if the content is not bytes. */
    public byte[] bytes() {
        return content instanceof byte[] b ? b.clone() : null;
    }

    /** A read-only view of the binary content (no copy), or {@code null} if the content is not bytes. */
    public ByteBuffer bytesView() {
        return content instanceof byte[] b ? ByteBuffer.wrap(b).asReadOnlyBuffer() : null;
    }

    /** Length of the binary content; 0 if the content is not bytes. */
    public int bytesLength() {
        return content instanceof byte[] b ? b.length : 0;
    }

    /** The text content, or {@code null} if the content is not text. */
    public String text() {
        return content instanceof String s ? s : null;
    }

    /**
     * The content as a string: the text, or the bytes read as UTF-8 (text that went out as raw bytes comes back
     * as bytes, see {@link ContentKind#TEXT}); {@code null} for no content or children.
     */
    public String contentString() {
        if (content instanceof String s) {
            return s;
        }
        return content instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    /** The content object itself (shared, not copied): null, a child list, a byte[] or a String. */
    Object content() {
        return content;
    }

    // ---- value semantics ----

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Node other) || !tag.equals(other.tag) || attrs.length != other.attrs.length) {
            return false;
        }
        int h = hash;
        int oh = other.hash;
        if (h != 0 && oh != 0 && h != oh) {
            return false;
        }
        for (int i = 0; i < attrs.length; i += 2) {
            if (!attrs[i].equals(other.attrs[i]) || !attrs[i + 1].toString().equals(other.attrs[i + 1].toString())) {
                return false;
            }
        }
        Object c = content;
        Object oc = other.content;
        if (c == null || oc == null) {
            return c == oc;
        }
        if (c instanceof byte[] b) {
            return oc instanceof byte[] ob && Arrays.equals(b, ob);
        }
        return c.getClass() == oc.getClass() && c.equals(oc);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = tag.hashCode();
            for (int i = 0; i < attrs.length; i += 2) {
                h = 31 * (31 * h + attrs[i].hashCode()) + attrs[i + 1].toString().hashCode();
            }
            h = 31 * h + (content == null ? 0
                    : content instanceof byte[] b ? Arrays.hashCode(b) : content.hashCode() * 7 + contentKind().ordinal());
            hash = h == 0 ? 1 : h;
            h = hash;
        }
        return h;
    }

    /** The XML-like form with binary content shown as {@code [N bytes]}; see {@link NodeText}. */
    @Override
    public String toString() {
        return NodeText.formatRedacted(this);
    }
}
