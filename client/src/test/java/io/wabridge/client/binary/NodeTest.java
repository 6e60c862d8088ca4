package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeTest {

    private static final Jid PEER = Jid.ofDevice("15551234567", 3, "s.whatsapp.net");

    private static Node stanza() {
        return Node.builder("message").attr("from", PEER).attr("id", "3EB0").attr("t", 1700000000L)
                .child(Node.builder("enc").attr("v", "2").attr("type", "pkmsg").bytes(new byte[] {1, 2, 3}).build())
                .child(Node.builder("enc").attr("v", "2").attr("type", "msg").bytes(new byte[] {4}).build())
                .child(Node.of("device-identity"))
                .build();
    }

    @Test
    void attributeAccess() {
        Node node = stanza();
        assertEquals("3EB0", node.attr("id"));
        assertEquals("1700000000", node.attr("t"));
        assertNull(node.attr("absent"));
        assertEquals("fallback", node.attr("absent", "fallback"));
        assertTrue(node.hasAttr("from"));
        assertEquals("15551234567:3@s.whatsapp.net", node.requireAttr("from"));
        assertSame(PEER, node.jidAttr("from"));
        assertEquals(Jid.parse("15551234567:3@s.whatsapp.net"), node.requireJidAttr("from"));
        assertNull(node.jidAttr("absent"));
        MissingAttributeException missing = assertThrows(MissingAttributeException.class, () -> node.requireAttr("to"));
        assertEquals("<message> has no attribute \"to\"", missing.getMessage());
        assertThrows(MissingAttributeException.class, () -> node.requireJidAttr("to"));
        assertThrows(InvalidJidException.class, () -> node.jidAttr("id"));
        assertEquals(Map.of("from", "15551234567:3@s.whatsapp.net", "id", "3EB0", "t", "1700000000"), node.attrs());
        assertEquals(List.of("from", "id", "t"), List.copyOf(node.attrs().keySet()));
        assertEquals(3, node.attrCount());
        assertEquals("t", node.attrKey(2));
        assertEquals("3EB0", node.attrValue(1));
    }

    @Test
    void childAccess() {
        Node node = stanza();
        assertEquals(ContentKind.CHILDREN, node.contentKind());
        assertEquals(3, node.children().size());
        assertEquals("pkmsg", node.child("enc").attr("type"));
        assertEquals(List.of("pkmsg", "msg"), node.children("enc").stream().map(n -> n.attr("type")).toList());
        assertNull(node.child("absent"));
        assertTrue(node.children("absent").isEmpty());
        assertTrue(node.child("device-identity").children().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> node.children().add(Node.of("x")));
    }

    @Test
    void bytesCannotBeChangedFromOutside() {
        byte[] data = {1, 2, 3};
        Node node = Node.builder("enc").bytes(data).build();
        data[0] = 9;
        byte[] copy = node.bytes();
        copy[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, node.bytes());
        assertTrue(node.bytesView().isReadOnly());
        assertEquals(3, node.bytesView().remaining());
        assertEquals(3, node.bytesLength());
        assertNull(node.text());
        assertEquals("\u0001\u0002\u0003", node.contentString());
    }

    @Test
    void builderSetsReplacesAndRemovesAttributes() {
        Node node = Node.builder("iq").attr("id", "1").attr("type", "get").attr("to", (String) null)
                .attr("id", "2").build();
        assertEquals("<iq id=\"2\" type=\"get\"/>", node.toString());
        Node changed = node.toBuilder().attr("id", (String) null).attr("xmlns", "w:p").build();
        assertEquals("<iq type=\"get\" xmlns=\"w:p\"/>", changed.toString());
        assertEquals("<iq id=\"2\" type=\"get\"/>", node.toString());
    }

    @Test
    void builderRejectsMixedContentAndEmptyTags() {
        assertThrows(IllegalStateException.class, () -> Node.builder("x").text("a").bytes(new byte[1]));
        assertThrows(IllegalStateException.class, () -> Node.builder("x").bytes(new byte[1]).child(Node.of("y")));
        assertThrows(IllegalArgumentException.class, () -> Node.builder(""));
        assertThrows(NullPointerException.class, () -> Node.builder("x").child(null));
    }

    @Test
    void equalityComparesStringFormsInOrder() {
        Node withJid = Node.builder("x").attr("jid", PEER).build();
        Node withString = Node.builder("x").attr("jid", "15551234567:3@s.whatsapp.net").build();
        assertEquals(withJid, withString);
        assertEquals(withJid.hashCode(), withString.hashCode());
        assertNotEquals(Node.builder("x").attr("a", "1").attr("b", "2").build(),
                Node.builder("x").attr("b", "2").attr("a", "1").build());
        assertNotEquals(Node.of("x"), Node.builder("x").children().build());
        assertNotEquals(Node.builder("x").text("ab").build(), Node.builder("x").bytes("ab".getBytes()).build());
        assertEquals(Node.builder("x").bytes(new byte[] {1}).build(), Node.builder("x").bytes(new byte[] {1}).build());
        assertFalse(Node.of("x").equals(null));
    }
}
