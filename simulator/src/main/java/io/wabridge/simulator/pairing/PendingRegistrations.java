package io.wabridge.simulator.pairing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registration connections that can still be paired, found by the ref a phone scans or by the phone number a
 * companion asked a pairing code for. Entries leave when their connection closes.
 */
public final class PendingRegistrations {
    private final Map<String, RegistrationConnection> byRef = new ConcurrentHashMap<>();
    private final Map<String, RegistrationConnection> byLinkCodePhone = new ConcurrentHashMap<>();

    void add(RegistrationConnection registration) {
        for (String ref : registration.refs()) {
            byRef.put(ref, registration);
        }
    }

    void remove(RegistrationConnection registration) {
        for (String ref : registration.refs()) {
            byRef.remove(ref, registration);
        }
        byLinkCodePhone.values().removeIf(r -> r == registration);
    }

    Optional<RegistrationConnection> byRef(String ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /** The newest companion that asked {@code phoneNumber} for a pairing code (a newer request replaces older ones). */
    void linkCodeRequested(String phoneNumber, RegistrationConnection registration) {
        byLinkCodePhone.put(phoneNumber, registration);
    }

    Optional<RegistrationConnection> linkCodeFor(String phoneNumber) {
        return Optional.ofNullable(byLinkCodePhone.get(phoneNumber));
    }

    /** Connections waiting (diagnostics and tests). */
    public int size() {
        return (int) byRef.values().stream().distinct().count();
    }
}
