package io.wabridge.bridge.newsletter;

import com.google.protobuf.ByteString;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.contract.IncomingContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.newsletter.NewsletterChange;
import io.wabridge.client.newsletter.NewsletterMetadata;
import io.wabridge.client.newsletter.NewsletterPost;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.NewsletterUpdate;

/** The client's newsletter values as the contract's messages (newsletters.proto). */
public final class NewsletterContract {

    private NewsletterContract() {
    }

    public static io.wabridge.proto.v1.NewsletterMetadata metadata(NewsletterMetadata m) {
        var b = io.wabridge.proto.v1.NewsletterMetadata.newBuilder()
                .setJid(m.jid().toString())
                .setName(m.name())
                .setDescription(m.description())
                .setInviteCode(m.inviteCode())
                .setSubscribers(Math.max(0, m.subscribers()))
                .setVerification(m.verification())
                .setState(m.state())
                .setRole(switch (m.role()) {
                    case OWNER -> io.wabridge.proto.v1.NewsletterMetadata.Role.OWNER;
                    case ADMIN -> io.wabridge.proto.v1.NewsletterMetadata.Role.ADMIN;
                    case SUBSCRIBER -> io.wabridge.proto.v1.NewsletterMetadata.Role.SUBSCRIBER;
                    case GUEST -> io.wabridge.proto.v1.NewsletterMetadata.Role.GUEST;
                    case NONE -> io.wabridge.proto.v1.NewsletterMetadata.Role.NONE;
                })
                .setMuted(m.muted());
        if (m.created() != null) {
            b.setCreatedAt(EventFactory.timestamp(m.created()));
        }
        return b.build();
    }

    public static io.wabridge.proto.v1.NewsletterPost post(NewsletterPost p) {
        var b = io.wabridge.proto.v1.NewsletterPost.newBuilder()
                .setServerId(p.serverId())
                .setMessageId(p.messageId())
                .setType(p.type());
        if (p.timestamp() != null) {
            b.setTimestamp(EventFactory.timestamp(p.timestamp()));
        }
        if (p.message() != null) {
            MessageEvent.Builder content = MessageEvent.newBuilder();
            if (IncomingContent.fill(MessageContentCodec.decode(p.message()), content)
                    && content.hasContent()) {
                b.setContent(content.getContent());
            } else {
                b.setRaw(ByteString.copyFrom(p.message().toByteArray()));
            }
        }
        if (p.views() >= 0) {
            b.setViews(p.views());
        }
        p.reactions().forEach((code, count) -> b.addReactions(io.wabridge.proto.v1.NewsletterReaction.newBuilder()
                .setCode(code).setCount(Math.max(0, count))));
        return b.build();
    }

    public static NewsletterUpdate update(NewsletterChange c) {
        var b = NewsletterUpdate.newBuilder()
                .setNewsletter(c.newsletter() == null ? "" : c.newsletter().toString())
                .setKind(switch (c.kind()) {
                    case POST -> NewsletterUpdate.Kind.POST;
                    case LIVE_UPDATE -> NewsletterUpdate.Kind.LIVE_UPDATE;
                    case JOINED -> NewsletterUpdate.Kind.JOINED;
                    case LEFT -> NewsletterUpdate.Kind.LEFT;
                    case MUTE_CHANGED -> NewsletterUpdate.Kind.MUTE_CHANGED;
                    case SETTINGS -> NewsletterUpdate.Kind.SETTINGS;
                    case UNKNOWN -> NewsletterUpdate.Kind.UNKNOWN;
                })
                .setRole(c.role())
                .setName(c.name())
                .setTag(c.rawTag());
        c.rawAttrs().forEach((name, value) -> b.addAttributes(io.wabridge.proto.v1.StanzaAttribute.newBuilder()
                .setName(name).setValue(value)));
        for (NewsletterPost p : c.posts()) {
            b.addPosts(post(p));
        }
        if (c.muted() != null) {
            b.setMuted(c.muted());
        }
        if (c.at() != null) {
            b.setTimestamp(EventFactory.timestamp(c.at()));
        }
        return b.build();
    }
}
