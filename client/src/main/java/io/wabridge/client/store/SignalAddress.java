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

    @Override
    public String toString() {
        return name + "." + deviceId;
    }
}
