/** Typed events a {@link io.wabridge.client.WaClient} emits: pairing, connection lifecycle, key maintenance. */
package io.wabridge.client.events;
