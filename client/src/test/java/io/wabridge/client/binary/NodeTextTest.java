package io.wabridge.client.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.jid.Jid;

import org.junit.jupiter.api.Test;

class NodeTextTest {

    private static final Node MESSAGE = Node.builder("message").attr("to", Jid.pn("15551234567")).attr("id", "3EB0")
            .attr("type", "text")
            .child(Node.builder("enc").attr("v", "2").attr("type", "msg").bytes(new byte[] {0x0a, 0x0b, (byte) 0xff}).build())
            .build();

    @Test
    void formatShowsBytesAsHexAndToStringRedactsThem() {
        assertEquals("<message to=\"15551234567@s.whatsapp.net\" id=\"3EB0\" type=\"text\">"
                + "<enc v=\"2\" type=\"msg\">[0a0bff]</enc></message>", NodeText.format(MESSAGE));
        assertEquals("<message to=\"15551234567@s.whatsapp.net\" id=\"3EB0\" type=\"text\">"
                + "<enc v=\"2\" type=\"msg\">[3 bytes]</enc></message>", MESSAGE.toString());
    }

    @Test
    void contentKindsHaveDistinctForms() {
        assertEquals("<x/>", NodeText.format(Node.of("x")));
        assertEquals("<x></x>", NodeText.format(Node.builder("x").children().build()));
        assertEquals("<x>[]</x>", NodeText.format(Node.builder("x").bytes(new byte[0]).build()));
        assertEquals("<x>\"\"</x>", NodeText.format(Node.builder("x").text("").build()));
        assertEquals("<x>&quot;&quot;</x>", NodeText.format(Node.builder("x").text("\"\"").build()));
        assertEquals("<x>&#x5b;00]</x>", NodeText.format(Node.builder("x").text("[00]").build()));
        assertEquals("<x>a[b</x>", NodeText.format(Node.builder("x").text("a[b").build()));
        assertEquals("<x> </x>", NodeText.format(Node.builder("x").text(" ").build()));
        for (String s : new String[] {"<x/>", "<x></x>", "<x>[]</x>", "<x>\"\"</x>", "<x>&quot;&quot;</x>",
                "<x>&#x5b;00]</x>", "<x> </x>"}) {
            assertEquals(s, NodeText.format(NodeText.parse(s)));
        }
        assertEquals(ContentKind.CHILDREN, NodeText.parse("<x></x>").contentKind());
        assertEquals(ContentKind.BYTES, NodeText.parse("<x>[]</x>").contentKind());
        assertEquals("", NodeText.parse("<x>\"\"</x>").text());
        assertEquals(" ", NodeText.parse("<x> </x>").text());
    }

    @Test
    void escapesAndQuotedNames() {
        Node odd = Node.builder("stream:error").attr("", "a<b>&\"c\"").attr("two words", "tab\there")
                .attr("lone", "x\uD800y").attr("emoji", "😀").text("\n").build();
        String text = NodeText.format(odd);
        assertEquals("<stream:error \"\"=\"a&lt;b&gt;&amp;&quot;c&quot;\" \"two words\"=\"tab&#x9;here\" "
                + "lone=\"x&#xd800;y\" emoji=\"😀\">&#xa;</stream:error>", text);
        assertEquals(odd, NodeText.parse(text));
        Node quotedTag = Node.of("a b");
        assertEquals("<\"a b\"/>", NodeText.format(quotedTag));
        assertEquals("<\"a b\"></\"a b\">", NodeText.format(quotedTag.toBuilder().children().build()));
        assertEquals(quotedTag, NodeText.parse("<\"a b\"/>"));
    }

    @Test
    void parseIsLenientAboutLayout() {
        Node parsed = NodeText.parse("""
                <iq id='1' xmlns="encrypt"  type = "get" to="@s.whatsapp.net">
                  <count/>
                  <list>
                    <enc>[0A0b]</enc>
                  </list>
                </iq>
                """);
        assertEquals("<iq id=\"1\" xmlns=\"encrypt\" type=\"get\" to=\"@s.whatsapp.net\"><count/><list>"
                + "<enc>[0a0b]</enc></list></iq>", NodeText.format(parsed));
        assertArrayEquals(new byte[] {0x0a, 0x0b}, parsed.child("list").child("enc").bytes());
        assertEquals("'", NodeText.parse("<x a=\"&apos;\"/>").attr("a"));
        assertEquals("é", NodeText.parse("<x a=\"&#233;\"/>").attr("a"));
    }

    @Test
    void syntaxErrorsCarryTheirOffset() {
        assertEquals(3, assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x></y>")).offset());
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>a<y/></x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x><y/>a</x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>[3 bytes]</x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>[0g]</x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>[012]</x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>[٠١]</x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x a=\"1\" a=\"2\"/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x a=\"&bogus;\"/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x a=\"&#x110000;\"/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x a=\"1\"b=\"2\"/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x/><y/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<\"\"/>"));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse("<x>" + "<x>".repeat(200)));
        assertThrows(NodeTextSyntaxException.class, () -> NodeText.parse(""));
    }
}
