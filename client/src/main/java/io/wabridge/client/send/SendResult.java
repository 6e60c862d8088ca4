package io.wabridge.client.send;

import java.time.Instant;

/**
 * A message the server accepted ({@code <ack class=message>}).
 *
 * @param messageId the message id (deterministic when the send had an idempotency key)
 * @param timestamp the server's timestamp from the ack ({@code t}), or the send time if the ack had none
 * @param devices   how many devices got a copy (recipient's and our own other devices)
 */
public record SendResult(String messageId, Instant timestamp, int devices) {
}
