/**
 * Voice and video calls, signalling only (no media streams): {@link io.wabridge.client.call.Calls} turns the
 * server's {@code <call>} stanzas into {@link io.wabridge.client.call.CallUpdate} events (an offer, a group call's
 * offer notice, a timeout, the caller hanging up, the call accepted or rejected on another device of the account),
 * acknowledges every one of them as whatsmeow's {@code call.go} and Baileys' {@code handleCall} do (after the event
 * was handed off), and rejects calls ({@code <call><reject call-id call-creator count="0"/></call>}), on request or
 * automatically with an optional reply message.
 */
package io.wabridge.client.call;
