/**
 * WhatsApp JIDs: the immutable {@link io.wabridge.client.jid.Jid} model, its canonical text form and the known
 * servers.
 */
package io.wabridge.client.jid;
