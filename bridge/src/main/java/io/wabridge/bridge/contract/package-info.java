/**
 * The bridge's side of the public Kafka contract (wabridge.v1, see {@code schemas/src/main/proto/wabridge/v1}):
 * decoding and validating command records ({@link io.wabridge.bridge.contract.CommandDecoder}), encoding event
 * records with their headers ({@link io.wabridge.bridge.contract.EventEncoder}), dead-letter records
 * ({@link io.wabridge.bridge.contract.DeadLetters}) and event ids
 * ({@link io.wabridge.bridge.contract.UlidGenerator}). Pure functions of records: no Kafka clients, no sessions.
 */
package io.wabridge.bridge.contract;
