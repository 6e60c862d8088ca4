/**
 * Presence (online / offline, last seen) and chat states (typing, recording, paused): the stanzas we send and the
 * ones we receive. None of them is acknowledged by the server, and none needs an ack from us (whatsmeow
 * {@code presence.go}, Baileys {@code sendPresenceUpdate} / {@code handlePresenceUpdate}).
 */
package io.wabridge.client.presence;
