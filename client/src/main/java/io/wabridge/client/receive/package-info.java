/**
 * Receiving 1:1 messages: decrypting stanzas, batched at-least-once hand-off (event, then flush, then receipt and
 * ack), retry receipts for what did not decrypt, and the gate that keeps Signal writes of sends out of a batch.
 */
package io.wabridge.client.receive;
