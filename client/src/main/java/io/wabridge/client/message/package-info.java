/**
 * The plaintext layer of WhatsApp messages: the Message protobuf with its random padding
 * ({@link io.wabridge.client.message.MessagePlaintext}, {@link io.wabridge.client.message.MessagePadding}) and
 * message ids ({@link io.wabridge.client.message.MessageIdGenerator}). Typed content lives in {@code .content}.
 */
package io.wabridge.client.message;
