package io.wabridge.launcher;

import io.wabridge.embedded.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class Ports {
    private Ports() {}

    /** The preferred loopback port when nobody listens on it, else a free one (0 means any free port). */
    static int preferred(int port) {
        if (port == 0) {
            return FreePorts.pick();
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException taken) {
            return FreePorts.pick();
        }
    }
}
