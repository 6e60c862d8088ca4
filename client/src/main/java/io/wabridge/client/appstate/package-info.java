/**
 * App-state sync ("syncd"): the account's chat state (archive, pin, mute, read, stars, contact names, labels,
 * push name, locale) that WhatsApp keeps per collection as encrypted, MACed mutations.
 *
 * <p>{@link io.wabridge.client.appstate.AppStateSync} is the coordinator: it stores the keys the primary device
 * shares, fetches patches and snapshots ({@code w:sync:app:state}), has {@link io.wabridge.client.appstate.PatchDecoder}
 * verify them (value, index, snapshot and patch MACs, {@link io.wabridge.client.appstate.LtHash}) and decrypt them,
 * applies each patch to the store as one unit with its version and LTHash, and reports typed
 * {@link io.wabridge.client.appstate.AppStateUpdate}s. {@link io.wabridge.client.appstate.PatchEncoder} builds the
 * patches we send. Everything runs on the session's serial executor.
 */
package io.wabridge.client.appstate;
