package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.control.ControlServer;
import java.time.Duration;

/**
 * The simulator and its HTTP control API in a process of their own, for the side-by-side benchmark: what
 * {@code ./wabridge simulator} runs, on free loopback ports, with the authentication delay given in milliseconds
 * (default 0: only the clients are timed). Prints one JSON line {@code {"url","noiseRootKey","controlUrl"}} and
 * serves until its stdin closes, so it never outlives the benchmark that started it.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.sidebyside.SimulatorProcess [authenticationDelayMs=0]
 * </pre>
 */
public final class SimulatorProcess {
    private SimulatorProcess() {}

    public static void main(String[] args) throws Exception {
        Duration delay = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 0);
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(delay).start();
             ControlServer control = ControlServer.start(simulator.accounts(), "127.0.0.1", 0)) {
            System.out.println(new ObjectMapper().createObjectNode()
                    .put("url", simulator.url().toString())
                    .put("noiseRootKey", simulator.noiseRootKeyHex())
                    .put("controlUrl", control.url().toString()));
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark goes away
            }
        }
        System.exit(0);
    }
}
