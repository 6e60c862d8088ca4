package io.wabridge.client.events;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.presence.ChatState;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.proto.wa.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link io.wabridge.client.WaClient} reports about its account. Every event is delivered on the
 * account's session executor, one at a time and in order, so a listener sees a consistent sequence and must not
 * block for long (hand heavy work to another executor).
 */
public sealed interface ClientEvent {

    /** The URL form a phone's camera opens; WhatsApp Web and current references put this around the code. */
    String QR_LINK_PREFIX = "https://wa.me/settings/linked_devices#";

    /** A connection attempt starts ({@code attempt} counts failed attempts since the last stable connection). */
    record Connecting(int attempt) implements ClientEvent {}

    /**
     * A QR code to show until {@code expiresAt}: {@code ref,base64(noisePub),base64(identityPub),base64(advSecret),platform}.
     * {@link #link()} is the same payload in the {@code https://wa.me/settings/linked_devices#} form that current
     * phones scan; a primary accepts either.
     */
    record Qr(String code, Instant expiresAt) implements ClientEvent {
        public Qr {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        public String link() {
            return QR_LINK_PREFIX + code;
        }
    }

    /** The 8-character code to type on the phone (Linked devices, link with phone number). */
    record PairingCode(String code) implements ClientEvent {}

    /** Pairing completed and was stored; the server now restarts the stream and the client logs in. */
    record Paired(String me, String lid, String platform) implements ClientEvent {}

    /** Pairing was refused (bad HMAC, forged signature, malformed stanza, ...); nothing was stored as registered. */
    record PairingFailed(String reason) implements ClientEvent {}

    /** Logged in: the connection is usable. */
    record Open(String me, String lid) implements ClientEvent {}

    /** The server has delivered the offline backlog ({@code <ib><offline count/>}). */
    record OfflineSyncDone(int count) implements ClientEvent {}

    /** One-time prekeys were uploaded ({@code serverCountBefore} is what the server reported, -1 if it asked). */
    record PreKeysUploaded(int count, int firstId, int lastId, int serverCountBefore) implements ClientEvent {}

    /** The signed prekey was rotated to {@code newId}. */
    record SignedPreKeyRotated(int newId) implements ClientEvent {}

    /** The server sent {@code <stream:error>}; {@code detail} names its child (e.g. {@code conflict type=replaced}). */
    record StreamError(String code, String detail) implements ClientEvent {}

    /**
     * The connection ended. {@code willReconnect} tells whether the client retries by itself, after
     * {@code reconnectDelay} (zero: at once; null when it does not).
     */
    record Close(String reason, boolean willReconnect, Duration reconnectDelay) implements ClientEvent {}

    /**
     * The session store refused a write because a newer owner (a higher lease epoch) wrote this session's state:
     * another process drives this account now. The client has stopped for good (a {@link Close} without reconnect
     * follows) and writes nothing more; release the session, and open the store anew only with a newer epoch.
     *
     * @param epoch  the epoch this client's store was opened with
     * @param reason what was refused
     */
    record Fenced(long epoch, String reason) implements ClientEvent {}

    /** The device is no longer linked (server said so, or {@code logout()}); its stored state was wiped. */
    record LoggedOut(String reason) implements ClientEvent {}

    /** A failure that did not end the connection by itself (e.g. a prekey upload the server refused). */
    record Warning(String message) implements ClientEvent {}

    /**
     * A message was received and decrypted. Its stanza is acknowledged (delivery receipt, then ack) only after
     * {@link ClientEventListener#handOff} completed for it and the Signal state it advanced is stored.
     *
     * @param id        the message id
     * @param chat      the 1:1 chat: the peer, or for a copy from our own other device the chat it was sent to
     * @param sender    the device that sent it
     * @param senderPn  the sender's phone-number JID (user, no device) when known, else null
     * @param senderLid the sender's LID (user, no device) when known, else null
     * @param pushName  the sender's display name from the stanza, nullable
     * @param timestamp server time of the message
     * @param content   the typed content ({@link io.wabridge.client.message.content.Unknown} if not modelled)
     * @param message   the decrypted protobuf (for a copy from our own device: the inner message)
     * @param fromMe    whether one of our own devices sent it
     */
    record MessageReceived(String id, Jid chat, Jid sender, Jid senderPn, Jid senderLid, String pushName,
                           Instant timestamp, MessageContent content, Message message, boolean fromMe)
            implements ClientEvent {
        public MessageReceived {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a received message produced no {@link MessageReceived}. */
    enum DecryptFailure {
        /** Signal could not decrypt it (bad MAC, no session, unknown prekey, ...): a retry receipt asks again. */
        SIGNAL,
        /** Signal failed again after the configured number of retry receipts: given up. */
        RETRIES_EXHAUSTED,
        /** An {@code <enc>} type or version this client does not handle (skmsg, msmsg, v=3, ...). */
        UNSUPPORTED_ENCRYPTION,
        /** The sender is not a user device we can have a Signal session with. */
        UNKNOWN_DEVICE,
        /** Decrypted, but the padding is invalid. */
        INVALID_PADDING,
        /** Decrypted and unpadded, but not a Message protobuf. */
        MALFORMED_MESSAGE,
        /** The stanza itself is unusable (no id or sender, no {@code <enc>}, ...). */
        MALFORMED_STANZA
    }

    /**
     * A received message could not be turned into a {@link MessageReceived}. The stanza is acknowledged in every
     * case, so the server does not deliver it again; {@code willRetry} tells whether a retry receipt asked the
     * sender to send it again.
     *
     * @param id     the message id ("" if the stanza had none)
     * @param from   the sending device, null if the stanza named none we could read
     * @param cause  what went wrong
     * @param reason a readable description
     * @param chat   the chat it was sent in (the group for a group message), null if unknown
     */
    record DecryptFailed(String id, Jid from, DecryptFailure cause, String reason, boolean willRetry, Jid chat)
            implements ClientEvent {
        public DecryptFailed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(reason, "reason");
        }

        /** A failure in the sender's own 1:1 chat (or of a stanza without a readable chat). */
        public DecryptFailed(String id, Jid from, DecryptFailure cause, String reason, boolean willRetry) {
            this(id, from, cause, reason, willRetry, from == null || from.isGroup() ? from : from.toNonAd());
        }
    }

    /**
     * Receipts for messages we sent (or, from our own devices, for messages we received): delivered, read,
     * played, ... One event per receipt stanza; {@code ids} has every message it covers.
     *
     * @param ids       the message ids
     * @param type      the receipt type
     * @param from      the device that sent the receipt
     * @param chat      the chat the messages belong to
     * @param timestamp when, by the server's clock (the receipt's {@code t}, or the time it arrived)
     */
    record Receipt(List<String> ids, ReceiptType type, Jid from, Jid chat, Instant timestamp) implements ClientEvent {
        public Receipt {
            ids = List.copyOf(ids);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /**
     * The session learned which LID belongs to which phone number (users, no device): a new mapping, or one that
     * replaces {@code previousLid} for that number. Reported once per change, whatever the source.
     *
     * @param pn          the phone-number user
     * @param lid         the LID user
     * @param source      where it came from ({@code usync}, {@code message}, {@code receipt}, {@code notification},
     *                    {@code own}, {@code history}, {@code app_state}, {@code group})
     * @param previousLid the LID this number had before, null if none was known
     */
    record LidMappingLearned(Jid pn, Jid lid, String source, Jid previousLid) implements ClientEvent {
        public LidMappingLearned {
            Objects.requireNonNull(pn, "pn");
            Objects.requireNonNull(lid, "lid");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A contact's push name (the name it chose) is new or changed; stored in the session's contacts.
     *
     * @param jid      the contact as the session keeps it (its phone-number JID when known, else its LID)
     * @param pn       its phone-number JID when known, else null
     * @param lid      its LID when known, else null
     * @param pushName the new name
     * @param previous the name before, null if none was known
     */
    record PushNameChanged(Jid jid, Jid pn, Jid lid, String pushName, String previous) implements ClientEvent {
        public PushNameChanged {
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(pushName, "pushName");
        }
    }

    /**
     * A contact's stored entry changed (address-book names from app state or history); {@code jid}, {@code pn},
     * {@code lid} as in {@link PushNameChanged}, names nullable.
     */
    record ContactUpdated(Jid jid, Jid pn, Jid lid, String fullName, String firstName, String pushName)
            implements ClientEvent {
        public ContactUpdated {
            Objects.requireNonNull(jid, "jid");
        }
    }

    /** A chat's stored state changed by something other than a message (app state, history): the new state. */
    record ChatUpdated(io.wabridge.client.store.ChatThread chat) implements ClientEvent {
        public ChatUpdated {
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** A contact device's identity key changed (reinstall or re-link): the "security code changed" notice. */
    record IdentityChanged(Jid device) implements ClientEvent {}

    /**
     * A user's online status changed (we receive these after subscribing to the user's presence).
     *
     * @param from      the user, without device
     * @param available online or not
     * @param lastSeen  when the user was last online, if the server told (going offline, not hidden); else null
     */
    record PresenceUpdate(Jid from, boolean available, Instant lastSeen) implements ClientEvent {
        public PresenceUpdate {
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * Someone started or stopped typing (or recording) in a chat.
     *
     * @param chat   the chat: the user in a 1:1 chat, the group in a group
     * @param sender who is typing, without device (the chat itself in a 1:1 chat)
     * @param state  composing, recording or paused
     */
    record ChatStateUpdate(Jid chat, Jid sender, ChatState state) implements ClientEvent {
        public ChatStateUpdate {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * One part of a history chunk the account's primary phone handed over (on linking, or answering
     * {@code WaClient.history().request(...)}). The history coordinator ({@code io.wabridge.client.history}) splits a
     * chunk into parts of bounded size and hands each off ({@link ClientEventListener#handOff}); the next part is
     * read only once the previous hand-off completed, and the phone gets its {@code hist_sync} receipt only after
     * the last part. A chunk that cannot be read ends with a part whose {@code failure} is set.
     *
     * @param notificationId the id of the message that announced the chunk
     * @param syncType       WhatsApp's history type
     * @param chunkOrder     WhatsApp's chunk number within its type
     * @param part           this part's position in the chunk, from 0
     * @param lastPart       true on the chunk's last part
     * @param progress       the phone's estimate of the sync's progress in percent (0 when none)
     * @param requestId      for an on-demand answer, the id of the request message when the phone named it, else null
     * @param conversations  chats whose last message of this chunk is in this part (or that have no messages)
     * @param messages       messages, decoded as live ones ({@code pushName} as the history gives it)
     * @param pushNames      contacts' push names
     * @param lidMappings    phone number -> LID pairs (user JIDs)
     * @param failure        null, or why the chunk could not be read (then the part carries nothing else)
     */
    record HistorySync(String notificationId, io.wabridge.proto.wa.HistorySyncNotification.HistorySyncType syncType,
                       int chunkOrder, int part, boolean lastPart, int progress, String requestId,
                       List<HistoryConversation> conversations, List<MessageReceived> messages,
                       List<HistoryPushName> pushNames, List<HistoryLidMapping> lidMappings, HistoryFailure failure)
            implements ClientEvent {
        public HistorySync {
            Objects.requireNonNull(notificationId, "notificationId");
            Objects.requireNonNull(syncType, "syncType");
            conversations = List.copyOf(conversations);
            messages = List.copyOf(messages);
            pushNames = List.copyOf(pushNames);
            lidMappings = List.copyOf(lidMappings);
        }
    }

    /**
     * A chat as a history chunk describes it.
     *
     * @param muteEnd       muted until then, null when not muted
     * @param lastMessageAt the chat's last activity, null when not given
     * @param messageCount  messages of this chat in the part that carries this record
     */
    record HistoryConversation(Jid id, String name, Jid pn, Jid lid, int unreadCount, boolean archived, boolean pinned,
                               boolean markedAsUnread, Instant muteEnd, Instant lastMessageAt,
                               int ephemeralExpiration, boolean readOnly, boolean endOfHistory, int messageCount) {
        public HistoryConversation {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A contact's push name from a history chunk. */
    record HistoryPushName(Jid jid, String name) {}

    /** A phone number and the LID of the same user (user JIDs, no device). */
    record HistoryLidMapping(Jid pn, Jid lid) {}

    /** Why a history chunk could not be read. */
    record HistoryFailure(Kind kind, String message) {
        public enum Kind {
            /** A hash or the MAC of the blob does not match. */
            BLOB_INVALID,
            /** The payload is not a zlib stream of a HistorySync protobuf. */
            PAYLOAD_INVALID,
            /** The blob could not be downloaded. */
            DOWNLOAD_FAILED
        }
    }

    /**
     * An app-state mutation was applied: a chat archived, pinned, muted, marked read, a message starred, a contact
     * named, ... by another device of the account or by us ({@link io.wabridge.client.WaClient#changeChats}).
     */
    record AppStateChanged(io.wabridge.client.appstate.AppStateChange change) implements ClientEvent {}

    /**
     * A call was offered, accepted or rejected on another device, timed out or ended, or rejected here
     * ({@link io.wabridge.client.call.Calls}); stanza-borne ones are handed off like a message (acknowledged once
     * the event is).
     */
    record Call(io.wabridge.client.call.CallUpdate update) implements ClientEvent {}

    /**
     * The block list or privacy settings changed, here or on another device ({@code account_sync}), or an
     * {@code account_sync} child this client does not model arrived ({@link io.wabridge.client.blocking.Blocking}).
     */
    record AccountSettings(io.wabridge.client.blocking.AccountSettingsUpdate update) implements ClientEvent {}

    /**
     * A disappearing-messages timer changed: the account's default, a 1:1 chat's ({@code EPHEMERAL_SETTING} from the
     * contact or another of our devices) or a group's ({@code w:gp2}), or by this client's command
     * ({@link io.wabridge.client.disappearing.Disappearing}). Reported once the chat's new timer is stored.
     */
    record Disappearing(io.wabridge.client.disappearing.TimerChange change) implements ClientEvent {}

    /**
     * An app-state patch or snapshot could not be applied (nothing of it was).
     *
     * @param collection the collection (regular_low, ...)
     * @param version    the version of the patch or snapshot that failed
     * @param kind       MISSING_KEY, MAC_MISMATCH, MALFORMED or STORE (what the patch changes was not stored: the
     *                   collection keeps its previous version, the next sync applies the patch again)
     * @param recovering a key request, a snapshot resync or (STORE) a later sync is under way; false: left as is until
     *                   the next server_sync
     * @param fatal      the snapshot itself failed or the collection could not be recovered: it is not synced again
     *                   until a new key arrives or {@code AppStateSync.resync} asks for it (the others keep syncing)
     * @param attempt    STORE: the failures in a row of this collection this one is (1 for the first; a stored patch
     *                   resets it); 0 for the other kinds
     * @param retryIn    STORE: when the collection syncs again (growing with {@code attempt} up to the configured
     *                   longest wait, {@link io.wabridge.client.appstate.AppStateSettings}); null for the other kinds
     */
    record AppStateSyncFailed(String collection, long version, String kind, String reason, boolean recovering,
                              boolean fatal, int attempt, java.time.Duration retryIn) implements ClientEvent {

        /** Not retried on a timer (no attempt count). */
        public AppStateSyncFailed(String collection, long version, String kind, String reason, boolean recovering,
                                  boolean fatal) {
            this(collection, version, kind, reason, recovering, fatal, 0, null);
        }

        /** Not fatal. */
        public AppStateSyncFailed(String collection, long version, String kind, String reason, boolean recovering) {
            this(collection, version, kind, reason, recovering, false);
        }
    }

    /**
     * A group changed ({@code <notification type=w:gp2>}, one event per change it lists): members added,
     * removed, left, promoted, demoted, a new number, the subject, description or a setting, the invite link, a
     * membership request, the group created with us in it or deleted. Handed off like a message: the notification
     * is acknowledged once the event is. A change this client does not model comes as {@link Kind#UNKNOWN} with
     * its tag, never dropped.
     *
     * @param group          the group
     * @param kind           what changed
     * @param actor          who changed it (user, no device), null when the server did not say
     * @param actorPn        the actor's phone-number JID when the server named it too ({@code participant_pn}), nullable
     * @param participants   the members the change is about (added, removed, promoted, ...; for CREATED every member)
     * @param subject        the new subject (SUBJECT, CREATED), else null
     * @param description    the new description (DESCRIPTION; "" when deleted), else null
     * @param enabled        the new state of ANNOUNCEMENT, LOCKED, APPROVAL_MODE; else null
     * @param ephemeralSeconds the new disappearing-messages timer (EPHEMERAL; 0 = off)
     * @param inviteCode     the new invite code (INVITE_LINK) when the server gave it, else null
     * @param tag            the notification child this event came from (e.g. {@code add}, {@code not_announcement})
     * @param timestamp      when the change happened (server time)
     * @param notificationId the notification's id (several events may share it)
     */
    record GroupUpdate(Jid group, Kind kind, Jid actor, Jid actorPn, List<Member> participants, String subject,
                       String description, Boolean enabled, int ephemeralSeconds, String inviteCode, String tag,
                       Instant timestamp, String notificationId, Link link) implements ClientEvent {
        public GroupUpdate {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(timestamp, "timestamp");
            participants = List.copyOf(participants);
            notificationId = notificationId == null ? "" : notificationId;
        }

        /** A change that is not a community link (link null). */
        public GroupUpdate(Jid group, Kind kind, Jid actor, Jid actorPn, List<Member> participants, String subject,
                           String description, Boolean enabled, int ephemeralSeconds, String inviteCode, String tag,
                           Instant timestamp, String notificationId) {
            this(group, kind, actor, actorPn, participants, subject, description, enabled, ephemeralSeconds,
                    inviteCode, tag, timestamp, notificationId, null);
        }

        /** What changed. */
        public enum Kind {
            CREATED, PARTICIPANTS_ADDED, PARTICIPANTS_REMOVED, PARTICIPANTS_LEFT, PARTICIPANTS_PROMOTED,
            PARTICIPANTS_DEMOTED, PARTICIPANT_NUMBER_CHANGED, SUBJECT, DESCRIPTION, ANNOUNCEMENT, LOCKED,
            APPROVAL_MODE, EPHEMERAL, INVITE_LINK, MEMBERSHIP_REQUEST, DELETED, UNKNOWN,
            /** A community link: {@code link} names the other group (the community's new group, or our community). */
            LINKED,
            /** A community link ended: {@code link} names the other group and WhatsApp's reason. */
            UNLINKED
        }

        /**
         * The other end of a community link change ({@code <link link_type>} / {@code <unlink unlink_type
         * unlink_reason>} with {@code <group jid subject [<default_sub_group/>]>}).
         *
         * @param group        the other group: a linked group when this group is the community, else the community
         * @param subject      its name when told, "" otherwise
         * @param type         what the other group is to this one
         * @param announcement it is the community's announcement group ({@code <default_sub_group/>})
         * @param reason       UNLINKED: WhatsApp's {@code unlink_reason} when told, "" otherwise
         */
        public record Link(Jid group, String subject, LinkType type, boolean announcement, String reason) {
            public Link {
                Objects.requireNonNull(group, "group");
                Objects.requireNonNull(type, "type");
                subject = subject == null ? "" : subject;
                reason = reason == null ? "" : reason;
            }
        }

        /** A link's {@code link_type} / {@code unlink_type}. */
        public enum LinkType {
            /** The other group is this group's community. */
            PARENT,
            /** The other group is linked into this community. */
            SUB_GROUP,
            /** Both are groups of one community. */
            SIBLING,
            /** A type this client does not model. */
            OTHER;

            public static LinkType parse(String wire) {
                return switch (wire == null ? "" : wire) {
                    case "parent" -> PARENT;
                    case "sub_group" -> SUB_GROUP;
                    case "sibling" -> SIBLING;
                    default -> OTHER;
                };
            }
        }

        /** A member as the notification named it: its JID in the group's addressing, with its PN and LID when known. */
        public record Member(Jid jid, Jid pn, Jid lid) {
            public Member {
                Objects.requireNonNull(jid, "jid");
            }
        }
    }


    /**
     * A user's or group's profile changed ({@code <notification type=picture|status>}; whatsmeow
     * {@code handlePictureNotification}, {@code handleStatusNotification}), seen by every device concerned, ours
     * included when another of our devices made the change. One event per child of the notification.
     *
     * @param jid       whose profile (user or group JID, no device)
     * @param kind      what changed
     * @param author    who changed it (a group admin, or the user), when told
     * @param pictureId PICTURE_SET: the new picture's id
     * @param about     ABOUT: the new text
     * @param tag       the notification child's tag ({@code set}, {@code delete}, ...): for UNKNOWN and for logs
     * @param attrs     the child's attributes as received, by name (UNKNOWN changes surface whole)
     */
    record ProfileChanged(Jid jid, Kind kind, Jid author, String pictureId, String about, String tag,
                          java.util.Map<String, String> attrs, Instant timestamp) implements ClientEvent {
        public ProfileChanged {
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(timestamp, "timestamp");
            attrs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attrs));
        }

        /** What changed. */
        public enum Kind { PICTURE_SET, PICTURE_REMOVED, ABOUT, UNKNOWN }
    }

    /**
     * Something about a newsletter (WhatsApp channel): a new post, live reaction/view counts, our follow, leave or
     * mute from any of our devices, a settings change, or a child we do not understand (raw); see
     * {@link io.wabridge.client.newsletter.NewsletterChange}.
     */
    record NewsletterEvent(io.wabridge.client.newsletter.NewsletterChange change) implements ClientEvent {
        public NewsletterEvent {
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * A status update (from {@code status@broadcast}): a contact's post, or ours from another of our devices; never
     * reported as a chat message. See {@link io.wabridge.client.status.StatusPost}.
     */
    record StatusReceived(io.wabridge.client.status.StatusPost post) implements ClientEvent {
        public StatusReceived {
            Objects.requireNonNull(post, "post");
        }
    }
}
