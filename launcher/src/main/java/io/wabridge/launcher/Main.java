package io.wabridge.launcher;

import io.wabridge.launcher.cli.CliCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of {@code ./wabridge}: one subcommand per operator task. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "demo" -> DemoCommand.run(rest, out, err);
            case "cli" -> CliCommand.run(rest, in, out, err);
            case "simulator" -> SimulatorCommand.run(rest, out, err);
            case "decode-node" -> NodeTool.decodeCommand(rest, out, err);
            case "encode-node" -> NodeTool.encodeCommand(rest, out, err);
            default -> {
                err.println("wabridge: unknown command '" + args[0] + "'");
                usage(err);
                yield 2;
            }
        };
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: ./wabridge <command> [options]

                commands:
                  demo          start the bridge on embedded Kafka, an embedded Mongo-wire store under ./data
                                and the simulator; see ./wabridge demo --help
                  cli           one WhatsApp account in the terminal: QR or pairing code, events as JSON lines,
                                commands on stdin; see ./wabridge cli --help
                  simulator [--port P] [--control-port C] [--account PHONE]...
                                run the offline WhatsApp server with its HTTP control API; prints one JSON line
                                {"url", "noiseRootKey", "controlUrl"}; see ./wabridge simulator --help
                  decode-node [--dict 2|3] <hex>
                                print a frame payload (flag byte first, as captured after Noise decryption)
                                as XML-like text; dictionary version 3 unless --dict 2
                  encode-node [--dict 2|3] '<xml-like text>'
                                print the frame payload of a node as lowercase hex (flag byte included)
                  help          this text
                """);
    }
}
