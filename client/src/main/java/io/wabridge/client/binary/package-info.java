/**
 * WhatsApp's binary XML: the immutable {@link io.wabridge.client.binary.Node} model, its text form
 * ({@link io.wabridge.client.binary.NodeText}) and the frame codec of each token dictionary version
 * ({@link io.wabridge.client.binary.NodeCodec}). Undecodable input raises a subclass of
 * {@link io.wabridge.client.binary.MalformedNodeException}.
 */
package io.wabridge.client.binary;
