/**
 * Disappearing messages in the simulator: the server's account default timer ({@code disappearing_mode} iq, the
 * {@code account_sync} notification to the other devices) and each simulated phone's chat timers, which it honours
 * (its messages to a chat with a timer carry {@code contextInfo.expiration}) and changes (an {@code EPHEMERAL_SETTING}
 * it sends or receives). Group timers live with the group ({@code SimGroup.ephemeral}).
 */
package io.wabridge.simulator.disappearing;
