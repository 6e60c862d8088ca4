/** Receipts: the stanzas we send (delivery, read, played, retry) and the handling of those we receive. */
package io.wabridge.client.receipt;
