/**
 * Stanza routing: the layer between decoded nodes and the protocol features. Inbound nodes are dispatched
 * to handlers by tag, type and xmlns; iq requests are correlated with their responses by id, each with its
 * own timeout; a keepalive ping detects dead connections. Everything here runs on the session's serial
 * executor, so no state in this package is locked.
 */
package io.wabridge.client.stanza;
