/**
 * Disappearing messages: the account's default timer, each chat's timer (kept with the chat in the threads store),
 * the {@code contextInfo.expiration} every outgoing message to an ephemeral chat carries, and the expiration read from
 * a received message ({@link io.wabridge.client.disappearing.Disappearing}, {@link io.wabridge.client.disappearing.Expiration}).
 */
package io.wabridge.client.disappearing;
