/**
 * Typed message content ({@link io.wabridge.client.message.content.MessageContent}) and its mapping to the
 * Message protobuf ({@link io.wabridge.client.message.content.MessageContentCodec}); kinds we do not model stay
 * whole as {@link io.wabridge.client.message.content.Unknown}. Outgoing limits in
 * {@link io.wabridge.client.message.content.MessageLimits}.
 */
package io.wabridge.client.message.content;
