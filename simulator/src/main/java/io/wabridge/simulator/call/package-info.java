/**
 * Calls on the simulated server, signalling only: {@link io.wabridge.simulator.call.CallService} rings an
 * account's linked devices as WhatsApp does (offer, relay latency, a group call's offer notice), ends the call by
 * timeout or by the caller hanging up, and takes a device's {@code <call><reject>}: only the callee's own devices
 * may reject, only a ringing call; the other devices of the callee are told who answered or rejected.
 */
package io.wabridge.simulator.call;
