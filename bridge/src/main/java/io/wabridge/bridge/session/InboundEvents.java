package io.wabridge.bridge.session;

import com.google.protobuf.ByteString;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.contract.IncomingContent;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.ChatState;
import io.wabridge.proto.v1.ChatStateEvent;
import io.wabridge.proto.v1.DecryptFailed;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.IdentityChanged;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Presence;
import io.wabridge.proto.v1.PresenceEvent;
import io.wabridge.proto.v1.ReceiptEvent;
import io.wabridge.proto.v1.ReceiptType;
import io.wabridge.proto.v1.Sender;

/**
 * The contract event for what WhatsApp delivered: messages, receipts, messages that could not be decrypted,
 * contacts whose identity key changed, presence updates and chat states. JIDs are written without device; a message kind the contract does not model
 * travels as its raw Message bytes.
 */
public final class InboundEvents {

    private InboundEvents() {
    }

    /** Sets the event on {@code envelope} and returns true, or returns false for any other client event. */
    public static boolean map(ClientEvent event, EventEnvelope.Builder envelope) {
        switch (event) {
            case ClientEvent.MessageReceived m -> envelope.setMessage(message(m));
            case ClientEvent.HistorySync h -> envelope.setHistorySync(HistoryEvents.event(h));
            case ClientEvent.Receipt r -> envelope.setReceipt(ReceiptEvent.newBuilder()
                    .addAllMessageIds(r.ids())
                    .setType(receiptType(r.type()))
                    .setSender(sender(r.from(), null, null))
                    .setChat(user(r.chat()))
                    .setTimestamp(EventFactory.timestamp(r.timestamp())));
            case ClientEvent.DecryptFailed d -> envelope.setDecryptFailed(DecryptFailed.newBuilder()
                    .setId(d.id())
                    .setChat(d.chat() == null ? "" : user(d.chat()))
                    .setSender(d.from() == null ? Sender.getDefaultInstance() : sender(d.from(), null, null))
                    .setReason(d.cause().name().toLowerCase() + ": " + d.reason())
                    .setWillRetry(d.willRetry()));
            case ClientEvent.GroupUpdate g -> envelope.setGroupUpdate(io.wabridge.bridge.group.GroupContract.update(g));
            case ClientEvent.ProfileChanged p -> envelope.setProfileUpdate(io.wabridge.bridge.profile.ProfileCommands.update(p));
            case ClientEvent.NewsletterEvent n ->
                    envelope.setNewsletterUpdate(io.wabridge.bridge.newsletter.NewsletterContract.update(n.change()));
            case ClientEvent.Call c -> envelope.setCall(io.wabridge.bridge.call.CallContract.event(c.update()));
            case ClientEvent.StatusReceived st -> envelope.setStatus(
                    io.wabridge.bridge.status.StatusContract.event(st.post(), InboundEvents::message));
            case ClientEvent.AccountSettings a -> envelope.setAccountSettings(
                    io.wabridge.bridge.blocking.BlockingContract.event(a.update()));
            case ClientEvent.Disappearing d -> envelope.setDisappearingUpdate(
                    io.wabridge.bridge.disappearing.DisappearingContract.update(d.change()));
            case ClientEvent.IdentityChanged i -> envelope.setIdentityChanged(IdentityChanged.newBuilder()
                    .setJid(user(i.device())));
            case ClientEvent.PresenceUpdate p -> {
                PresenceEvent.Builder b = PresenceEvent.newBuilder().setJid(user(p.from()))
                        .setPresence(p.available() ? Presence.AVAILABLE : Presence.UNAVAILABLE);
                if (p.lastSeen() != null) {
                    b.setLastSeen(EventFactory.timestamp(p.lastSeen()));
                }
                envelope.setPresence(b);
            }
            case ClientEvent.ChatStateUpdate c -> envelope.setChatstate(ChatStateEvent.newBuilder()
                    .setChat(user(c.chat()))
                    .setSender(sender(c.sender(), null, null))
                    .setState(switch (c.state()) {
                        case COMPOSING -> ChatState.COMPOSING;
                        case PAUSED -> ChatState.PAUSED;
                        case RECORDING -> ChatState.RECORDING;
                    }));
            default -> {
                return false;
            }
        }
        return true;
    }

    static MessageEvent message(ClientEvent.MessageReceived m) {
        MessageEvent.Builder b = MessageEvent.newBuilder()
                .setId(m.id())
                .setChat(user(m.chat()))
                .setSender(sender(m.sender(), m.senderPn(), m.senderLid()))
                .setPushName(m.pushName() == null ? "" : m.pushName())
                .setTimestamp(EventFactory.timestamp(m.timestamp()))
                .setFromMe(m.fromMe())
                .setExpiration(io.wabridge.client.disappearing.Expiration.of(m.message()));
        if (!IncomingContent.fill(m.content(), b) && m.message() != null) {
            b.setRaw(ByteString.copyFrom(m.message().toByteArray()));
        }
        return b.build();
    }

    /** Both identities when known; otherwise the one the address itself is. */
    private static Sender sender(Jid address, Jid pn, Jid lid) {
        Sender.Builder s = Sender.newBuilder();
        Jid p = pn != null ? pn : address.isPn() ? address : null;
        Jid l = lid != null ? lid : address.isLid() ? address : null;
        if (p != null) {
            s.setPn(user(p));
        }
        if (l != null) {
            s.setLid(user(l));
        }
        return s.build();
    }

    /** A chat or user JID without device (groups and others unchanged). */
    static String user(Jid jid) {
        return jid.isPn() || jid.isLid() ? jid.normalizedUser().toString() : jid.toString();
    }

    static ReceiptType receiptType(io.wabridge.client.receipt.ReceiptType type) {
        return switch (type) {
            case DELIVERED -> ReceiptType.DELIVERED;
            case INACTIVE -> ReceiptType.INACTIVE;
            case READ -> ReceiptType.READ;
            case READ_SELF -> ReceiptType.READ_SELF;
            case PLAYED -> ReceiptType.PLAYED;
            case PLAYED_SELF -> ReceiptType.PLAYED_SELF;
            case SENDER -> ReceiptType.SENDER;
            case PEER_MSG -> ReceiptType.PEER_MSG;
            case SERVER_ERROR -> ReceiptType.SERVER_ERROR;
            case RETRY, OTHER -> ReceiptType.RECEIPT_TYPE_UNSPECIFIED;
        };
    }

    /** The client's presence for the contract's; the validator already refused UNSPECIFIED. */
    static io.wabridge.client.presence.Presence clientPresence(Presence presence) {
        return switch (presence) {
            case AVAILABLE -> io.wabridge.client.presence.Presence.AVAILABLE;
            case UNAVAILABLE -> io.wabridge.client.presence.Presence.UNAVAILABLE;
            default -> throw new IllegalArgumentException("presence " + presence + " cannot be sent");
        };
    }

    /** The client's chat state for the contract's; the validator already refused UNSPECIFIED. */
    static io.wabridge.client.presence.ChatState clientChatState(ChatState state) {
        return switch (state) {
            case COMPOSING -> io.wabridge.client.presence.ChatState.COMPOSING;
            case PAUSED -> io.wabridge.client.presence.ChatState.PAUSED;
            case RECORDING -> io.wabridge.client.presence.ChatState.RECORDING;
            default -> throw new IllegalArgumentException("chat state " + state + " cannot be sent");
        };
    }

    /** The client's type for a receipt the contract asks to send; null for UNSPECIFIED or unknown values. */
    static io.wabridge.client.receipt.ReceiptType clientReceiptType(ReceiptType type) {
        return switch (type) {
            case DELIVERED -> io.wabridge.client.receipt.ReceiptType.DELIVERED;
            case INACTIVE -> io.wabridge.client.receipt.ReceiptType.INACTIVE;
            case READ -> io.wabridge.client.receipt.ReceiptType.READ;
            case READ_SELF -> io.wabridge.client.receipt.ReceiptType.READ_SELF;
            case PLAYED -> io.wabridge.client.receipt.ReceiptType.PLAYED;
            case PLAYED_SELF -> io.wabridge.client.receipt.ReceiptType.PLAYED_SELF;
            case SENDER -> io.wabridge.client.receipt.ReceiptType.SENDER;
            case PEER_MSG -> io.wabridge.client.receipt.ReceiptType.PEER_MSG;
            case SERVER_ERROR -> io.wabridge.client.receipt.ReceiptType.SERVER_ERROR;
            default -> null;
        };
    }
}
