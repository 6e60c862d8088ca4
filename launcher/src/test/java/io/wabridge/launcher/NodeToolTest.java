package io.wabridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NodeToolTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8).strip();
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** The protocol notes' vector, written by Baileys 6 (dictionary 2). */
    private static final String IQ_V2 = "00f80a1e08ff831b2a3f19aa04310efa0003f801f80139";
    private static final String IQ_TEXT = "<iq id=\"1.2-3\" xmlns=\"encrypt\" type=\"get\" to=\"@s.whatsapp.net\"><count/></iq>";

    @Test
    void decodesWithTheChosenDictionary() {
        assertEquals(NodeTool.OK, NodeTool.decodeCommand(new String[] {"--dict", "2", IQ_V2}, out, err));
        assertEquals(IQ_TEXT, out());
    }

    @Test
    void encodesWithDictionary3ByDefault() {
        assertEquals(NodeTool.OK, NodeTool.encode(IQ_TEXT, out, err));
        assertEquals("00f80a1908ff831b2a3f16cb042911fa0003f801f80141", out());
        outBytes.reset();
        assertEquals(NodeTool.OK, NodeTool.encodeCommand(new String[] {"--dict=2", IQ_TEXT}, out, err));
        assertEquals(IQ_V2, out());
    }

    @Test
    void decodeShowsBytesAsHex() {
        assertEquals(NodeTool.OK, NodeTool.decode("00 f8 02 1d fc 03 0a 0b ff", out, err));
        assertEquals("<enc>[0a0bff]</enc>", out());
    }

    @Test
    void badInputIsReportedNotThrown() {
        assertEquals(NodeTool.BAD_INPUT, NodeTool.decode("00f8", out, err));
        assertTrue(err().contains("TruncatedNodeException"), err());
        assertEquals(NodeTool.BAD_INPUT, NodeTool.decode("zz", out, err));
        assertEquals(NodeTool.BAD_INPUT, NodeTool.encode("<iq>", out, err));
        assertEquals(NodeTool.BAD_INPUT, NodeTool.encode("<x k=\"&#xd800;\"/>", out, err)); // not encodable
        assertEquals("", out());
    }

    @Test
    void usageErrors() {
        assertEquals(NodeTool.USAGE, NodeTool.decodeCommand(new String[] {}, out, err));
        assertEquals(NodeTool.USAGE, NodeTool.decodeCommand(new String[] {"--dict", "4", "00"}, out, err));
        assertEquals(NodeTool.USAGE, NodeTool.encodeCommand(new String[] {"<a/>", "<b/>"}, out, err));
        assertEquals(NodeTool.USAGE, NodeTool.encodeCommand(new String[] {"--verbose", "<a/>"}, out, err));
        assertTrue(err().contains("usage: wabridge encode-node"), err());
    }
}
