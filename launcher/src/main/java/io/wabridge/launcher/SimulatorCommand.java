package io.wabridge.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.control.ControlServer;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code ./wabridge simulator}: the offline WhatsApp server and its control API, standalone. Prints one JSON line
 * with what a client needs and serves until the process is stopped.
 */
final class SimulatorCommand {
    private SimulatorCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Thread onExit = new Thread(() -> stop.complete(null), "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            return run(args, out, err, stop);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException alreadyExiting) {
                // the hook is running: it is what stopped us
            }
        }
    }

    /** Serves until {@code stop} completes (tests stop it; the command stops on process shutdown). */
    static int run(String[] args, PrintStream out, PrintStream err, CompletableFuture<Void> stop) throws Exception {
        SimulatorOptions options;
        try {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.print(SimulatorOptions.USAGE);
                return 0;
            }
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wabridge simulator: " + e.getMessage());
            err.print(SimulatorOptions.USAGE);
            return 2;
        }
        SimulatorListenerConfig listener = SimulatorListenerConfig.defaults()
                .withHost(options.host())
                .withPort(Ports.preferred(options.port()));
        try (WaSimulator simulator = WaSimulator.builder().listener(listener).start();
             ControlServer control = ControlServer.start(simulator, options.host(),
                     Ports.preferred(options.controlPort()))) {
            simulator.accounts().appState().shareKeys(true); // phones share app-state keys, as WhatsApp's do
            for (String phone : options.accounts()) {
                simulator.accounts().create(phone);
            }
            out.println(new ObjectMapper().createObjectNode()
                    .put("url", simulator.url().toString())
                    .put("noiseRootKey", simulator.noiseRootKeyHex())
                    .put("controlUrl", control.url().toString()));
            out.flush();
            stop.get();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("wabridge simulator: " + e.getMessage());
            return 2;
        } catch (ExecutionException e) {
            return 0;
        }
    }
}
