/**
 * libsignal's store interfaces over our store SPI, write-behind: {@link io.wabridge.client.signal.store.SignalStores}
 * keeps what libsignal writes in memory until {@code flush()}, which the message pipeline calls before it
 * acknowledges inbound messages, and writes it in batches (identities, then sessions, then consumed prekeys).
 * Peer identities are trusted on first use; a change is reported to an
 * {@link io.wabridge.client.signal.store.IdentityChangeListener} and, as WhatsApp clients do, accepted.
 */
package io.wabridge.client.signal.store;
