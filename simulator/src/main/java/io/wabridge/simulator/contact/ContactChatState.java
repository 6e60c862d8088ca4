package io.wabridge.simulator.contact;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.presence.ChatState;

/**
 * A chat state a simulated phone received: someone typing, recording or pausing in their chat with it.
 *
 * @param from  the user, as the server named them
 * @param state what they are doing
 */
public record ContactChatState(Jid from, ChatState state) {}
