package io.wabridge.client.usync;

/**
 * One {@code <device id key-index is_hosted>} of a usync device list.
 *
 * @param id       the device number (0 = primary)
 * @param keyIndex the ADV key index the primary signed this device with, null if absent
 * @param hosted   whether it is a hosted (cloud API) device
 */
public record DeviceEntry(int id, Integer keyIndex, boolean hosted) {
}
