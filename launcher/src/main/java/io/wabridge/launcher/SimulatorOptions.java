package io.wabridge.launcher;

import static io.wabridge.launcher.OptionValues.value;

import java.util.ArrayList;
import java.util.List;

/** Options of {@code ./wabridge simulator}. Ports fall back to free ones when the preferred port is taken. */
record SimulatorOptions(String host, int port, int controlPort, List<String> accounts) {

    static final String USAGE = """
            usage: ./wabridge simulator [--host H] [--port P] [--control-port C] [--account PHONE]...

              --host H             address to bind (default 127.0.0.1)
              --port P             preferred WhatsApp WebSocket port (default 8443; 0 = any free port)
              --control-port C     preferred HTTP control API port (default 8444; 0 = any free port)
              --account PHONE      create a phone account at start (repeatable)

            Prints one JSON line {"url":..., "noiseRootKey":..., "controlUrl":...} and runs until stopped.
            Clients connect to url and must trust noiseRootKey as the Noise certificate root.
            """;

    static SimulatorOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = 8443;
        int control = 8444;
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = OptionValues.port(value(args, ++i, "--port"));
                case "--control-port" -> control = OptionValues.port(value(args, ++i, "--control-port"));
                case "--account" -> accounts.add(value(args, ++i, "--account"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new SimulatorOptions(host, port, control, List.copyOf(accounts));
    }
}
