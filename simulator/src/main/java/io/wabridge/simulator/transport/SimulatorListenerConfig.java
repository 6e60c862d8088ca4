package io.wabridge.simulator.transport;

import java.time.Duration;

/**
 * Where and how the simulator's WebSocket listener accepts clients.
 *
 * @param host             bind address (loopback by default)
 * @param port             0 picks a free port
 * @param path             WebSocket path clients connect to
 * @param handshakeTimeout a connection without a completed Noise handshake by then is closed
 * @param maxFrameSize     largest client frame accepted
 * @param threads          event loop threads (accept and I/O share them)
 * @param certValidity     lifetime of the certificate chain minted at start
 */
public record SimulatorListenerConfig(String host, int port, String path, Duration handshakeTimeout, int maxFrameSize,
                                      int threads, Duration certValidity) {

    public static SimulatorListenerConfig defaults() {
        return new SimulatorListenerConfig("127.0.0.1", 0, "/ws/chat", Duration.ofSeconds(20), 1 << 20, 2, Duration.ofDays(30));
    }

    public SimulatorListenerConfig withHost(String host) {
        return new SimulatorListenerConfig(host, port, path, handshakeTimeout, maxFrameSize, threads, certValidity);
    }

    public SimulatorListenerConfig withPort(int port) {
        return new SimulatorListenerConfig(host, port, path, handshakeTimeout, maxFrameSize, threads, certValidity);
    }

    public SimulatorListenerConfig withHandshakeTimeout(Duration timeout) {
        return new SimulatorListenerConfig(host, port, path, timeout, maxFrameSize, threads, certValidity);
    }

    public SimulatorListenerConfig withMaxFrameSize(int maxFrameSize) {
        return new SimulatorListenerConfig(host, port, path, handshakeTimeout, maxFrameSize, threads, certValidity);
    }

    public SimulatorListenerConfig withThreads(int threads) {
        return new SimulatorListenerConfig(host, port, path, handshakeTimeout, maxFrameSize, threads, certValidity);
    }
}
