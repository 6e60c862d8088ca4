package io.wabridge.bridge.session;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.HistoryConversation;
import io.wabridge.proto.v1.HistoryLidMapping;
import io.wabridge.proto.v1.HistoryPushName;
import io.wabridge.proto.v1.HistorySyncError;
import io.wabridge.proto.v1.HistorySyncEvent;
import io.wabridge.proto.v1.HistorySyncType;

/**
 * The contract's {@code history_sync} event for one part of a history chunk: its messages as {@code message} events
 * would carry them, flagged {@code history}; chats, push names, LID mappings; the chunk's failure as an error code.
 */
final class HistoryEvents {

    private HistoryEvents() {
    }

    static HistorySyncEvent event(ClientEvent.HistorySync h) {
        HistorySyncEvent.Builder b = HistorySyncEvent.newBuilder()
                .setSyncType(type(h.syncType()))
                .setChunkOrder(h.chunkOrder())
                .setPart(h.part())
                .setLastPart(h.lastPart())
                .setProgress(h.progress())
                .setNotificationId(h.notificationId())
                .setRequestId(h.requestId() == null ? "" : h.requestId());
        for (ClientEvent.HistoryConversation c : h.conversations()) {
            HistoryConversation.Builder conv = HistoryConversation.newBuilder()
                    .setId(InboundEvents.user(c.id()))
                    .setName(c.name() == null ? "" : c.name())
                    .setPn(c.pn() == null ? "" : InboundEvents.user(c.pn()))
                    .setLid(c.lid() == null ? "" : InboundEvents.user(c.lid()))
                    .setUnreadCount(c.unreadCount())
                    .setArchived(c.archived())
                    .setPinned(c.pinned())
                    .setMarkedAsUnread(c.markedAsUnread())
                    .setEphemeralExpiration(c.ephemeralExpiration())
                    .setReadOnly(c.readOnly())
                    .setEndOfHistory(c.endOfHistory())
                    .setMessageCount(c.messageCount());
            if (c.muteEnd() != null) {
                conv.setMuteEnd(EventFactory.timestamp(c.muteEnd()));
            }
            if (c.lastMessageAt() != null) {
                conv.setLastMessageAt(EventFactory.timestamp(c.lastMessageAt()));
            }
            b.addConversations(conv);
        }
        for (ClientEvent.MessageReceived m : h.messages()) {
            b.addMessages(InboundEvents.message(m).toBuilder().setHistory(true));
        }
        for (ClientEvent.HistoryPushName p : h.pushNames()) {
            b.addPushNames(HistoryPushName.newBuilder().setJid(InboundEvents.user(p.jid())).setName(p.name()));
        }
        for (ClientEvent.HistoryLidMapping m : h.lidMappings()) {
            b.addLidMappings(HistoryLidMapping.newBuilder().setPn(InboundEvents.user(m.pn()))
                    .setLid(InboundEvents.user(m.lid())));
        }
        if (h.failure() != null) {
            ErrorCode code = switch (h.failure().kind()) {
                case BLOB_INVALID -> ErrorCode.HISTORY_BLOB_INVALID;
                case PAYLOAD_INVALID -> ErrorCode.HISTORY_PAYLOAD_INVALID;
                case DOWNLOAD_FAILED -> ErrorCode.HISTORY_DOWNLOAD_FAILED;
            };
            b.setError(HistorySyncError.newBuilder().setCode(code.name()).setMessage(h.failure().message()));
        }
        return b.build();
    }

    /** WhatsApp's history type in the contract (shifted by one; NO_HISTORY and later have no contract value). */
    static HistorySyncType type(io.wabridge.proto.wa.HistorySyncNotification.HistorySyncType type) {
        return switch (type) {
            case INITIAL_BOOTSTRAP -> HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_BOOTSTRAP;
            case INITIAL_STATUS_V3 -> HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_STATUS_V3;
            case FULL -> HistorySyncType.HISTORY_SYNC_TYPE_FULL;
            case RECENT -> HistorySyncType.HISTORY_SYNC_TYPE_RECENT;
            case PUSH_NAME -> HistorySyncType.HISTORY_SYNC_TYPE_PUSH_NAME;
            case NON_BLOCKING_DATA -> HistorySyncType.HISTORY_SYNC_TYPE_NON_BLOCKING_DATA;
            case ON_DEMAND -> HistorySyncType.HISTORY_SYNC_TYPE_ON_DEMAND;
            default -> HistorySyncType.HISTORY_SYNC_TYPE_UNSPECIFIED;
        };
    }
}
