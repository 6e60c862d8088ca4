/**
 * Sending 1:1 messages: prekey bundle fetches, fan-out encryption, the {@code <message>} stanza, server acks, and
 * answering retry receipts from the sent-message cache.
 */
package io.wabridge.client.send;
