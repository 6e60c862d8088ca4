package io.wabridge.client.store;

import java.util.Objects;

/**
 * A Signal protocol address: the user part the signal layer derives from a JID (for example
 * {@code 15550001111} or {@code 123456789_1} for a LID user) plus the device id. Kept free of libsignal types.
 */
public record SignalAddress(String name, int deviceId) implements Comparable<SignalAddress> {

    public SignalAddress {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty Signal address name");
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException("negative device id " + deviceId);
        }
    }

    @Override
    public int compareTo(SignalAddress other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : Integer.compare(deviceId, other.deviceId);
    }

    /**
     * Written out (a record's generated one is an invokedynamic call site): addresses are the keys of the hot maps of
     * every send and receive (sessions read ahead, dirty records, devices), and until the JIT inlines the generated
     * method handles they were a visible share of a worker's session threads.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SignalAddress other && deviceId == other.deviceId && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + deviceId;
    }

    @Override
    public String toString() {
        return name + "." + deviceId;
    }
}
