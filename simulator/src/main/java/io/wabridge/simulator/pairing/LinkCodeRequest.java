package io.wabridge.simulator.pairing;

import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.util.concurrent.CompletableFuture;

/**
 * A companion's request to link by code (companion_hello), and once the phone confirmed the code, what the
 * phone needs to finish when companion_finish arrives. Written on the registration connection's executor and by
 * the confirming phone; the confirmation is published once through a volatile field.
 */
final class LinkCodeRequest {
    final String phoneNumber;
    final String ref;
    final byte[] wrappedCompanionEphemeral;
    final String platformId;
    final String platformDisplay;
    private volatile Confirmation confirmation;

    LinkCodeRequest(String phoneNumber, String ref, byte[] wrappedCompanionEphemeral, String platformId,
                    String platformDisplay) {
        this.phoneNumber = phoneNumber;
        this.ref = ref;
        this.wrappedCompanionEphemeral = wrappedCompanionEphemeral;
        this.platformId = platformId;
        this.platformDisplay = platformDisplay;
    }

    /** The phone's half after the user typed the code: its ephemeral key, the companion's, and who waits. */
    record Confirmation(PhoneAccount account, X25519KeyPair primaryEphemeral, byte[] companionEphemeral,
                        PairingForgery forgery, CompletableFuture<LinkedDevice> result) {}

    Confirmation confirmation() {
        return confirmation;
    }

    void confirm(Confirmation value) {
        this.confirmation = value;
    }
}
