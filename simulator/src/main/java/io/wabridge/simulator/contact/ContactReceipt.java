package io.wabridge.simulator.contact;

import io.wabridge.client.jid.Jid;

/**
 * A receipt a simulated phone got for a message it sent.
 *
 * @param id   the message id
 * @param from the device that sent the receipt
 * @param type null for delivered, else {@code read}, {@code played}, {@code retry}, {@code sender}, ...
 */
public record ContactReceipt(String id, Jid from, String type) {
    public boolean isDelivery() {
        return type == null;
    }
}
