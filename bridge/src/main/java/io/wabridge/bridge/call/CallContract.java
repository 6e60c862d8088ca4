package io.wabridge.bridge.call;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.call.CallException;
import io.wabridge.client.call.CallUpdate;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CallAttribute;
import io.wabridge.proto.v1.CallEvent;
import io.wabridge.proto.v1.ErrorCode;

/** The contract's shape of calls (calls.proto): the call event, and the error code of a refused call command. */
public final class CallContract {

    private CallContract() {
    }

    /** The call event for a client's call update (JIDs without device, except {@code from}). */
    public static CallEvent event(CallUpdate u) {
        CallEvent.Builder b = CallEvent.newBuilder()
                .setCallId(u.callId())
                .setStatus(status(u.status()))
                .setVideo(u.video())
                .setGroup(u.group())
                .setElsewhere(u.elsewhere())
                .setAutomatic(u.automatic())
                .setTag(u.tag())
                .setTimestamp(EventFactory.timestamp(u.timestamp()))
                .setOffline(u.offline());
        if (u.creatorPn() != null) {
            b.setCallerPn(u.creatorPn().normalizedUser().toString());
        }
        if (u.creatorLid() != null) {
            b.setCallerLid(u.creatorLid().normalizedUser().toString());
        }
        if (u.creatorPn() == null && u.creatorLid() == null && u.creator() != null) {
            b.setCallerPn(u.creator().toString()); // neither pn nor lid (a hosted or odd server): as named
        }
        u.attributes().forEach((name, value) -> b.addAttributes(CallAttribute.newBuilder().setName(name).setValue(value)));
        if (u.from() != null) {
            b.setFrom(u.from().toString());
        }
        Jid group = u.groupJid();
        if (group != null) {
            b.setGroupJid(group.toString());
        }
        if (u.reason() != null) {
            b.setReason(u.reason());
        }
        return b.build();
    }

    static CallEvent.Status status(CallUpdate.Status status) {
        return switch (status) {
            case OFFER -> CallEvent.Status.OFFER;
            case ACCEPTED -> CallEvent.Status.ACCEPTED;
            case REJECTED -> CallEvent.Status.REJECTED;
            case TIMEOUT -> CallEvent.Status.TIMEOUT;
            case TERMINATED -> CallEvent.Status.TERMINATED;
            case UNKNOWN -> CallEvent.Status.UNKNOWN;
        };
    }

    /** The error code of a call command the call's state refused. */
    public static ErrorCode code(CallException e) {
        return switch (e.reason()) {
            case CALL_NOT_FOUND -> ErrorCode.CALL_NOT_FOUND;
            case CALL_ALREADY_ENDED -> ErrorCode.CALL_ALREADY_ENDED;
            case CALL_ANSWERED -> ErrorCode.CALL_ANSWERED;
        };
    }
}
