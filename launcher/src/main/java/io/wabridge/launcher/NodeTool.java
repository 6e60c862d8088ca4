package io.wabridge.launcher;

import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.binary.NodeEncodingException;
import io.wabridge.client.binary.NodeText;
import io.wabridge.client.binary.NodeTextSyntaxException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ./wabridge decode-node [--dict 2|3] <hex>} and {@code ./wabridge encode-node [--dict 2|3] '<xml-like>'}:
 * convert between a frame payload (hex, flag byte included, as the protocol notes' vectors) and the node text form
 * of {@link NodeText}. Dictionary version 3 unless {@code --dict 2}.
 */
final class NodeTool {

    static final int OK = 0;
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;

    static final int DEFAULT_DICT = 3;

    private NodeTool() {
    }

    /** {@code decode-node} with its arguments (after the command name). */
    static int decodeCommand(String[] args, PrintStream out, PrintStream err) {
        Args parsed = Args.parse(args, "decode-node [--dict 2|3] <hex>", err);
        return parsed == null ? USAGE : decode(parsed.value, parsed.dict, out, err);
    }

    /** {@code encode-node} with its arguments (after the command name). */
    static int encodeCommand(String[] args, PrintStream out, PrintStream err) {
        Args parsed = Args.parse(args, "encode-node [--dict 2|3] '<node text>'", err);
        return parsed == null ? USAGE : encode(parsed.value, parsed.dict, out, err);
    }

    static int decode(String hex, PrintStream out, PrintStream err) {
        return decode(hex, DEFAULT_DICT, out, err);
    }

    /** Prints the text form of the frame payload given in hex (whitespace ignored, optional 0x). */
    static int decode(String hex, int dict, PrintStream out, PrintStream err) {
        byte[] payload;
        try {
            String digits = hex.replaceAll("\\s+", "");
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                digits = digits.substring(2);
            }
            payload = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            err.println("decode-node: not hex: " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            Node node = NodeCodec.forVersion(dict).decode(payload);
            out.println(NodeText.format(node));
            return OK;
        } catch (MalformedNodeException e) {
            err.println("decode-node: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }

    static int encode(String text, PrintStream out, PrintStream err) {
        return encode(text, DEFAULT_DICT, out, err);
    }

    /** Prints the frame payload (flag byte 0 first) of the node text, as lowercase hex. */
    static int encode(String text, int dict, PrintStream out, PrintStream err) {
        try {
            Node node = NodeText.parse(text);
            out.println(HexFormat.of().formatHex(NodeCodec.forVersion(dict).encode(node)));
            return OK;
        } catch (NodeTextSyntaxException | NodeEncodingException e) {
            err.println("encode-node: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    /** One positional value and an optional {@code --dict N} / {@code --dict=N}. */
    private record Args(String value, int dict) {

        static Args parse(String[] args, String usage, PrintStream err) {
            List<String> positional = new ArrayList<>();
            String dictText = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--dict") && i + 1 < args.length) {
                    dictText = args[++i];
                } else if (a.startsWith("--dict=")) {
                    dictText = a.substring("--dict=".length());
                } else if (a.startsWith("--")) {
                    return usage(err, usage, "unknown option " + a);
                } else {
                    positional.add(a);
                }
            }
            if (positional.size() != 1) {
                return usage(err, usage, positional.isEmpty() ? "missing argument" : "too many arguments");
            }
            int dict = DEFAULT_DICT;
            if (dictText != null) {
                if (!dictText.equals("2") && !dictText.equals("3")) {
                    return usage(err, usage, "--dict must be 2 or 3");
                }
                dict = Integer.parseInt(dictText);
            }
            return new Args(positional.get(0), dict);
        }

        private static Args usage(PrintStream err, String usage, String problem) {
            err.println(problem);
            err.println("usage: wabridge " + usage);
            return null;
        }
    }
}
