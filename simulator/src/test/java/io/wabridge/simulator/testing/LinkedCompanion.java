package io.wabridge.simulator.testing;

import io.wabridge.client.binary.Node;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;

/** A companion linked to an account without a pairing exchange, ready to log in. */
public record LinkedCompanion(PhoneAccount account, TestCompanion keys, LinkedDevice device) {

    public static LinkedCompanion link(PhoneAccount account) {
        TestCompanion keys = new TestCompanion();
        LinkedDevice device = account.phone().linkDevice(keys.noiseKey.publicKey(), keys.identityKey,
                keys.registrationId, keys.signedPreKey(), "CHROME");
        return new LinkedCompanion(account, keys, device);
    }

    /** Logs in (passive, as Baileys 7 and whatsmeow do) and returns the client once {@code <success>} arrived. */
    public RawClient login(WaSimulator simulator) throws Exception {
        return login(simulator, true, 3);
    }

    public RawClient login(WaSimulator simulator, boolean passive, int dictionaryVersion) throws Exception {
        RawClient client = RawClient.connect(simulator, keys.noiseKey,
                TestCompanion.loginPayload(account.phoneNumber(), device.id(), passive), dictionaryVersion);
        Node success = client.next();
        if (!success.is("success")) {
            throw new AssertionError("expected <success>, got " + success);
        }
        return client;
    }
}
