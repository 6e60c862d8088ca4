package io.wabridge.simulator.messaging;

import io.wabridge.simulator.account.PhoneAccount;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Every device's {@link DeviceMailbox}, created on first use; asking for a phone's (device 0) brings the phone to
 * life first, so what is routed to it is read. What the routers need of messaging, and nothing more. Thread-safe.
 */
final class Mailboxes {
    private record DeviceAddress(String phone, int device) {}

    private final ConcurrentMap<DeviceAddress, DeviceMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Consumer<PhoneAccount> startPhone;
    private final int capacity;

    Mailboxes(int capacity, Consumer<PhoneAccount> startPhone) {
        this.capacity = capacity;
        this.startPhone = startPhone;
    }

    /** The mailbox of one device (the phone's is created with the phone, which keeps it online). */
    DeviceMailbox mailbox(PhoneAccount account, int deviceId) {
        if (deviceId == 0) {
            startPhone.accept(account);
        }
        return mailboxOf(account, deviceId);
    }

    /** The mailbox of one device, created if needed, without starting anything. */
    DeviceMailbox mailboxOf(PhoneAccount account, int deviceId) {
        DeviceAddress address = new DeviceAddress(account.phoneNumber(), deviceId);
        DeviceMailbox mailbox = mailboxes.get(address);
        return mailbox != null ? mailbox : mailboxes.computeIfAbsent(address,
                a -> new DeviceMailbox(account.deviceJid(deviceId).toString(), capacity));
    }

    /** The mailbox if one exists, else null. */
    DeviceMailbox existing(PhoneAccount account, int deviceId) {
        return mailboxes.get(new DeviceAddress(account.phoneNumber(), deviceId));
    }

    void forget(PhoneAccount account, int deviceId) {
        mailboxes.remove(new DeviceAddress(account.phoneNumber(), deviceId));
    }
}
