package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.util.Base64;

/** The JSON shapes of accounts and devices in the control API. */
final class ControlViews {
    private final ObjectMapper json;

    ControlViews(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode account(PhoneAccount account) {
        ObjectNode node = json.createObjectNode()
                .put("phone", account.phoneNumber())
                .put("jid", account.jid().toString())
                .put("lid", account.lidJid().toString())
                .put("platform", account.platform())
                .put("createdAt", account.createdAt().toString())
                .put("accountKey", Base64.getEncoder().encodeToString(account.accountPublicKey()));
        node.set("devices", devices(account));
        return node;
    }

    ArrayNode devices(PhoneAccount account) {
        ArrayNode list = json.createArrayNode();
        for (LinkedDevice device : account.devices()) {
            list.add(device(account, device));
        }
        return list;
    }

    ObjectNode device(PhoneAccount account, LinkedDevice device) {
        ObjectNode node = json.createObjectNode()
                .put("id", device.id())
                .put("jid", device.jid().toString())
                .put("lid", device.lid().toString())
                .put("platform", device.platform())
                .put("pushName", device.pushName())
                .put("keyIndex", device.keyIndex())
                .put("linkedAt", device.linkedAt().toString())
                .put("noiseKey", Base64.getEncoder().encodeToString(device.noiseKey()))
                .put("identityKey", Base64.getEncoder().encodeToString(device.identityKey()))
                .put("connected", account.session(device.id()).isPresent());
        try {
            node.put("preKeys", account.preKeyCount(device.id()));
        } catch (RuntimeException unlinkedMeanwhile) {
            node.putNull("preKeys");
        }
        return node;
    }
}
