/**
 * The simulated phones' history sync (mirrors {@code io.wabridge.client.history}): history seeded per account
 * through the control API, handed to every companion that links afterwards as real HISTORY_SYNC_NOTIFICATION peer
 * messages whose chunks are zlib-compressed HistorySync protobufs, encrypted and uploaded to the simulator's media
 * host (or inline); answers to on-demand requests; switches that damage the next chunk for bad-input tests.
 */
package io.wabridge.simulator.history;
