/**
 * What the client tolerates from a server that is not WhatsApp's own (or a WhatsApp that changed): each lenient
 * choice of the client is one {@link io.wabridge.client.interop.Leniency}, counted in {@link
 * io.wabridge.client.interop.LeniencyCounters} so an operator sees how often a session carried on where a strict
 * client would have stopped. The decisions, and the reference clients' behaviour behind each, are the README's
 * "Interoperability: what the client accepts". Security checks (certificate chain, signatures, MACs) are never
 * lenient and have no entry here.
 */
package io.wabridge.client.interop;
