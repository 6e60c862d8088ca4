package io.wabridge.bridge.contract;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.UnknownFieldSet;
import io.wabridge.bridge.contract.JidArguments.Kind;
import io.wabridge.proto.v1.ChatState;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.Location;
import io.wabridge.proto.v1.MarkRead;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageRef;
import io.wabridge.proto.v1.Poll;
import io.wabridge.proto.v1.Presence;
import io.wabridge.proto.v1.Quote;
import io.wabridge.proto.v1.ReceiptType;
import io.wabridge.proto.v1.SendChatState;
import io.wabridge.proto.v1.SendMessage;
import io.wabridge.proto.v1.SendPresence;
import io.wabridge.proto.v1.SubscribePresence;
import io.wabridge.proto.v1.SendReceipt;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks one decoded command against the contract's rules and makes its JID and phone arguments canonical. The
 * envelope is rebuilt only when an argument had to be rewritten (a bare phone number, a '+', {@code c.us}); unknown
 * fields survive the rebuild.
 *
 * <p>Missing required fields are {@link ErrorCode#INVALID_COMMAND}; malformed JIDs {@link ErrorCode#INVALID_JID};
 * texts over the limit {@link ErrorCode#TEXT_TOO_LONG}; anything from a newer contract this bridge cannot act on (a
 * command, content kind, pairing method or enum value it does not know) {@link ErrorCode#UNKNOWN_COMMAND}.
 */
public final class CommandValidator {

    /** WhatsApp's text limit, in UTF-16 code units (what WhatsApp Web, a JavaScript app, counts). */
    static final int MAX_TEXT_LENGTH = 65_536;
    static final int MAX_COMMAND_ID_LENGTH = 128;
    static final int MIN_POLL_OPTIONS = 2;
    static final int MAX_POLL_OPTIONS = 12;

    private final CommandEnvelope original;
    private CommandEnvelope.Builder rewritten;

    private CommandValidator(CommandEnvelope original) {
        this.original = original;
    }

    /** The envelope with canonical arguments: the same instance when they already were canonical. */
    public static CommandEnvelope validate(CommandEnvelope envelope) throws InvalidCommandException {
        return new CommandValidator(envelope).run();
    }

    private CommandEnvelope.Builder builder() {
        if (rewritten == null) {
            rewritten = original.toBuilder();
        }
        return rewritten;
    }

    private CommandEnvelope run() throws InvalidCommandException {
        if (original.getCommandId().length() > MAX_COMMAND_ID_LENGTH) {
            throw invalid("command_id is " + original.getCommandId().length() + " characters long; at most "
                    + MAX_COMMAND_ID_LENGTH + " are allowed");
        }
        switch (original.getCommandCase()) {
            case CONNECT -> connect(original.getConnect());
            case DISCONNECT, LOGOUT -> { }
            case SEND_MESSAGE -> sendMessage(original.getSendMessage());
            case MARK_READ -> markRead(original.getMarkRead());
            case SEND_RECEIPT -> sendReceipt(original.getSendReceipt());
            case SEND_PRESENCE -> sendPresence(original.getSendPresence());
            case SEND_CHATSTATE -> sendChatState(original.getSendChatstate());
            case SUBSCRIBE_PRESENCE -> subscribePresence(original.getSubscribePresence());
            case CREATE_GROUP, UPDATE_GROUP_PARTICIPANTS, SET_GROUP_SUBJECT, SET_GROUP_DESCRIPTION, SET_GROUP_SETTINGS,
                 LEAVE_GROUP, GET_GROUP_INVITE_CODE, JOIN_GROUP, GET_GROUP_METADATA, LIST_GROUPS -> group();
            case DOWNLOAD_MEDIA -> downloadMedia(original.getDownloadMedia());
            case GET_CONTACTS -> page(original.getGetContacts().getLimit(), original.getGetContacts().getCursor(),
                    "get_contacts");
            case GET_CHATS -> page(original.getGetChats().getLimit(), original.getGetChats().getCursor(), "get_chats");
            case GET_LABELS -> page(original.getGetLabels().getLimit(), original.getGetLabels().getCursor(), "get_labels");
            case REQUEST_HISTORY -> requestHistory(original.getRequestHistory());
            case GET_MESSAGES -> getMessages(original.getGetMessages());
            case RESYNC_APP_STATE -> resyncAppState(original.getResyncAppState());
            case ARCHIVE_CHAT, PIN_CHAT, MUTE_CHAT, MARK_CHAT_READ, STAR_MESSAGE, SET_CONTACT_NAME -> appState();
            case EDIT_LABEL, LABEL_CHAT -> labels();
            case SET_PUSH_NAME, GET_PUSH_NAME, SET_ABOUT, SET_PROFILE_PICTURE, REMOVE_PROFILE_PICTURE, GET_PROFILE_PICTURE,
                 GET_ABOUT, CHECK_ON_WHATSAPP, GET_BUSINESS_PROFILE -> profile();
            case FOLLOW_NEWSLETTER, UNFOLLOW_NEWSLETTER, GET_NEWSLETTER_METADATA, LIST_NEWSLETTERS,
                 GET_NEWSLETTER_MESSAGES, SEND_NEWSLETTER_POST, REACT_TO_NEWSLETTER_POST, MUTE_NEWSLETTER,
                 CREATE_NEWSLETTER, MARK_NEWSLETTER_VIEWED -> NewsletterValidation.check(original, this::builder);
            case REJECT_CALL, SET_CALL_SETTINGS -> io.wabridge.bridge.call.CallCommands.validate(original);
            case BLOCK_CONTACT, UNBLOCK_CONTACT, GET_BLOCKLIST, GET_PRIVACY_SETTINGS, SET_PRIVACY_SETTING -> blocking();
            case SET_DEFAULT_DISAPPEARING, SET_CHAT_DISAPPEARING -> disappearing();
            case CREATE_COMMUNITY, LIST_COMMUNITIES, LINK_COMMUNITY_GROUP, UNLINK_COMMUNITY_GROUP,
                 GET_COMMUNITY_METADATA -> community();
            case SEND_STATUS, MARK_STATUS_SEEN -> StatusValidation.check(original, this::builder);
            case COMMAND_NOT_SET -> throw notSet("no command this bridge knows is set", original.getUnknownFields(), true,
                    "set one of connect, disconnect, logout, send_message, mark_read, send_receipt, send_presence,"
                            + " send_chatstate, subscribe_presence, download_media, get_contacts, get_chats,"
                            + " request_history, get_messages, archive_chat, pin_chat, mute_chat, mark_chat_read,"
                            + " star_message, set_contact_name, get_labels, edit_label, label_chat, resync_app_state,"
                            + " reject_call, set_call_settings,"
                            + " block_contact, unblock_contact, get_blocklist, get_privacy_settings, set_privacy_setting,"
                            + " set_default_disappearing, set_chat_disappearing, send_status, mark_status_seen"
                            + " or a group command (create_group, ...) or a community command (create_community, ...)");
            default -> throw new IllegalStateException("no validation for " + original.getCommandCase());
        }
        return rewritten == null ? original : rewritten.build();
    }

    private void connect(Connect connect) throws InvalidCommandException {
        switch (connect.getPairingCase()) {
            case QR -> { }
            case PAIRING_CODE -> {
                String phone = connect.getPairingCode().getPhone();
                String field = "connect.pairing_code.phone";
                required(phone, field);
                String digits = JidArguments.phoneDigits(phone);
                if (digits == null) {
                    throw invalid(field + ": \"" + Printable.truncate(phone) + "\" is not a phone number in"
                            + " international format (" + JidArguments.MIN_PHONE_DIGITS + " to "
                            + JidArguments.MAX_PHONE_DIGITS + " digits, optional leading '+')");
                }
                if (digits != phone) {
                    builder().getConnectBuilder().getPairingCodeBuilder().setPhone(digits);
                }
            }
            case PAIRING_NOT_SET -> {
                if (!connect.getUnknownFields().asMap().isEmpty()) {
                    throw notSet("connect: no pairing method this bridge knows", connect.getUnknownFields(), true,
                            "use qr or pairing_code");
                }
            }
            default -> throw new IllegalStateException("no validation for " + connect.getPairingCase());
        }
    }

    private void sendMessage(SendMessage m) throws InvalidCommandException {
        String to = jid(m.getTo(), "send_message.to", Kind.CHAT, true);
        if (to != m.getTo()) {
            builder().getSendMessageBuilder().setTo(to);
        }
        if (!m.hasContent()) {
            throw invalid("send_message.content is required");
        }
        content(m.getContent());
        if (m.hasQuoted()) {
            quote(m.getQuoted());
        }
        List<String> mentions = m.getMentionsList();
        for (int i = 0; i < mentions.size(); i++) {
            String mention = jid(mentions.get(i), "send_message.mentions[" + i + "]", Kind.USER, true);
            if (mention != mentions.get(i)) {
                builder().getSendMessageBuilder().setMentions(i, mention);
            }
        }
    }

    private void content(MessageContent c) throws InvalidCommandException {
        String path = "send_message.content";
        switch (c.getKindCase()) {
            case TEXT -> text(c.getText(), path + ".text");
            case EXTENDED_TEXT -> text(c.getExtendedText().getText(), path + ".extended_text.text");
            case REACTION -> ref(c.getReaction().getTarget(), c.getReaction().hasTarget(), path + ".reaction.target",
                    () -> builder().getSendMessageBuilder().getContentBuilder().getReactionBuilder().getTargetBuilder());
            case EDIT -> {
                ref(c.getEdit().getTarget(), c.getEdit().hasTarget(), path + ".edit.target",
                        () -> builder().getSendMessageBuilder().getContentBuilder().getEditBuilder().getTargetBuilder());
                text(c.getEdit().getText(), path + ".edit.text");
            }
            case REVOKE -> ref(c.getRevoke().getTarget(), c.getRevoke().hasTarget(), path + ".revoke.target",
                    () -> builder().getSendMessageBuilder().getContentBuilder().getRevokeBuilder().getTargetBuilder());
            case LOCATION -> location(c.getLocation(), path + ".location");
            case CONTACT -> required(c.getContact().getVcard(), path + ".contact.vcard");
            case POLL -> poll(c.getPoll(), path + ".poll");
            case MEDIA -> MediaContract.validate(c.getMedia(), path + ".media");
            case KIND_NOT_SET -> throw notSet(path + " has no kind this bridge knows", c.getUnknownFields(), false,
                    "set one of text, extended_text, reaction, edit, revoke, location, contact, poll, media");
            default -> throw new IllegalStateException("no validation for " + c.getKindCase());
        }
    }

    private void downloadMedia(io.wabridge.proto.v1.DownloadMedia d) throws InvalidCommandException {
        required(d.getMessageId(), "download_media.message_id");
        String chat = jid(d.getChat(), "download_media.chat", Kind.CHAT, true);
        if (chat != d.getChat()) {
            builder().getDownloadMediaBuilder().setChat(chat);
        }
        String sender = jid(d.getSender(), "download_media.sender", Kind.USER, false);
        if (sender != d.getSender()) {
            builder().getDownloadMediaBuilder().setSender(sender);
        }
        if (!d.hasMedia()) {
            throw invalid("download_media.media is required (the message event's content.media)");
        }
        MediaContract.received(d.getMedia(), "download_media.media");
    }

    private void quote(Quote q) throws InvalidCommandException {
        required(q.getId(), "send_message.quoted.id");
        String chat = jid(q.getChat(), "send_message.quoted.chat", Kind.CHAT, false);
        if (chat != q.getChat()) {
            builder().getSendMessageBuilder().getQuotedBuilder().setChat(chat);
        }
        String sender = jid(q.getSender(), "send_message.quoted.sender", Kind.USER, false);
        if (sender != q.getSender()) {
            builder().getSendMessageBuilder().getQuotedBuilder().setSender(sender);
        }
    }

    private void ref(MessageRef ref, boolean present, String path, Supplier<MessageRef.Builder> rewrite)
            throws InvalidCommandException {
        if (!present) {
            throw invalid(path + " is required");
        }
        required(ref.getId(), path + ".id");
        String chat = jid(ref.getChat(), path + ".chat", Kind.CHAT, false);
        if (chat != ref.getChat()) {
            rewrite.get().setChat(chat);
        }
        String sender = jid(ref.getSender(), path + ".sender", Kind.USER, false);
        if (sender != ref.getSender()) {
            rewrite.get().setSender(sender);
        }
    }

    private void location(Location l, String path) throws InvalidCommandException {
        if (!(l.getLatitude() >= -90 && l.getLatitude() <= 90)) { // also rejects NaN
            throw invalid(path + ".latitude " + l.getLatitude() + " is outside -90..90");
        }
        if (!(l.getLongitude() >= -180 && l.getLongitude() <= 180)) {
            throw invalid(path + ".longitude " + l.getLongitude() + " is outside -180..180");
        }
    }

    private void poll(Poll p, String path) throws InvalidCommandException {
        required(p.getName(), path + ".name");
        List<String> options = p.getOptionsList();
        if (options.size() < MIN_POLL_OPTIONS || options.size() > MAX_POLL_OPTIONS) {
            throw invalid(path + ".options has " + options.size() + " options; a poll has " + MIN_POLL_OPTIONS
                    + " to " + MAX_POLL_OPTIONS);
        }
        for (int i = 0; i < options.size(); i++) {
            required(options.get(i), path + ".options[" + i + "]");
            for (int j = 0; j < i; j++) {
                if (options.get(i).equals(options.get(j))) {
                    throw invalid(path + ".options[" + i + "] repeats options[" + j + "]");
                }
            }
        }
        if (p.getSelectableCount() > options.size()) {
            throw invalid(path + ".selectable_count " + p.getSelectableCount() + " exceeds the "
                    + options.size() + " options");
        }
    }

    private void markRead(MarkRead m) throws InvalidCommandException {
        String chat = jid(m.getChat(), "mark_read.chat", Kind.CHAT, true);
        if (chat != m.getChat()) {
            builder().getMarkReadBuilder().setChat(chat);
        }
        ids(m.getMessageIdsList(), "mark_read.message_ids");
        String sender = groupSender(m.getSender(), chat, "mark_read");
        if (sender != m.getSender()) {
            builder().getMarkReadBuilder().setSender(sender);
        }
    }

    private void sendReceipt(SendReceipt r) throws InvalidCommandException {
        String chat = jid(r.getChat(), "send_receipt.chat", Kind.CHAT, true);
        if (chat != r.getChat()) {
            builder().getSendReceiptBuilder().setChat(chat);
        }
        ids(r.getMessageIdsList(), "send_receipt.message_ids");
        ReceiptType type = r.getType();
        enumSet(type, r.getTypeValue(), "send_receipt.type");
        switch (type) {
            case DELIVERED, READ, READ_SELF, PLAYED, PLAYED_SELF -> { }
            default -> throw invalid("send_receipt.type " + type + " cannot be sent by a command; use DELIVERED, READ,"
                    + " READ_SELF, PLAYED or PLAYED_SELF");
        }
        String sender = groupSender(r.getSender(), chat, "send_receipt");
        if (sender != r.getSender()) {
            builder().getSendReceiptBuilder().setSender(sender);
        }
    }

    private void sendPresence(SendPresence p) throws InvalidCommandException {
        enumSet(p.getPresence(), p.getPresenceValue(), "send_presence.presence");
    }

    private void sendChatState(SendChatState s) throws InvalidCommandException {
        String chat = jid(s.getChat(), "send_chatstate.chat", Kind.CHAT, true);
        if (chat != s.getChat()) {
            builder().getSendChatstateBuilder().setChat(chat);
        }
        enumSet(s.getState(), s.getStateValue(), "send_chatstate.state");
    }

    private void subscribePresence(SubscribePresence p) throws InvalidCommandException {
        String jid = jid(p.getJid(), "subscribe_presence.jid", Kind.USER, true);
        if (jid != p.getJid()) {
            builder().getSubscribePresenceBuilder().setJid(jid);
        }
    }

    static final int MAX_SUBJECT_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 2048;
    static final int MAX_GROUP_PARTICIPANTS = 1024;

    /** The group commands (groups.proto): groups and users canonical, required fields, WhatsApp's lengths. */
    private void group() throws InvalidCommandException {
        CommandEnvelope c = original;
        switch (c.getCommandCase()) {
            case CREATE_GROUP -> {
                subject(c.getCreateGroup().getSubject(), "create_group.subject");
                List<String> p = participants(c.getCreateGroup().getParticipantsList(), "create_group.participants", false);
                if (p != null) {
                    builder().getCreateGroupBuilder().clearParticipants().addAllParticipants(p);
                }
            }
            case UPDATE_GROUP_PARTICIPANTS -> {
                var u = c.getUpdateGroupParticipants();
                String g = groupJid(u.getGroup(), "update_group_participants.group");
                if (g != u.getGroup()) {
                    builder().getUpdateGroupParticipantsBuilder().setGroup(g);
                }
                enumSet(u.getAction(), u.getActionValue(), "update_group_participants.action");
                List<String> p = participants(u.getParticipantsList(), "update_group_participants.participants", true);
                if (p != null) {
                    builder().getUpdateGroupParticipantsBuilder().clearParticipants().addAllParticipants(p);
                }
            }
            case SET_GROUP_SUBJECT -> {
                String g = groupJid(c.getSetGroupSubject().getGroup(), "set_group_subject.group");
                if (g != c.getSetGroupSubject().getGroup()) {
                    builder().getSetGroupSubjectBuilder().setGroup(g);
                }
                subject(c.getSetGroupSubject().getSubject(), "set_group_subject.subject");
            }
            case SET_GROUP_DESCRIPTION -> {
                String g = groupJid(c.getSetGroupDescription().getGroup(), "set_group_description.group");
                if (g != c.getSetGroupDescription().getGroup()) {
                    builder().getSetGroupDescriptionBuilder().setGroup(g);
                }
                int length = c.getSetGroupDescription().getDescription().length();
                if (length > MAX_DESCRIPTION_LENGTH) {
                    throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, "set_group_description.description is "
                            + length + " characters long; WhatsApp's limit is " + MAX_DESCRIPTION_LENGTH);
                }
            }
            case SET_GROUP_SETTINGS -> {
                var s = c.getSetGroupSettings();
                String g = groupJid(s.getGroup(), "set_group_settings.group");
                if (g != s.getGroup()) {
                    builder().getSetGroupSettingsBuilder().setGroup(g);
                }
                if (!s.hasAnnouncement() && !s.hasLocked() && !s.hasApprovalRequired() && !s.hasEphemeralSeconds()) {
                    throw notSet("set_group_settings changes nothing", s.getUnknownFields(), false,
                            "set at least one of announcement, locked, approval_required, ephemeral_seconds");
                }
                if (s.hasEphemeralSeconds() && s.getEphemeralSeconds() < 0) {
                    throw invalid("set_group_settings.ephemeral_seconds is too large");
                }
            }
            case LEAVE_GROUP -> {
                String g = groupJid(c.getLeaveGroup().getGroup(), "leave_group.group");
                if (g != c.getLeaveGroup().getGroup()) {
                    builder().getLeaveGroupBuilder().setGroup(g);
                }
            }
            case GET_GROUP_INVITE_CODE -> {
                String g = groupJid(c.getGetGroupInviteCode().getGroup(), "get_group_invite_code.group");
                if (g != c.getGetGroupInviteCode().getGroup()) {
                    builder().getGetGroupInviteCodeBuilder().setGroup(g);
                }
            }
            case JOIN_GROUP -> inviteCode(c.getJoinGroup().getCode(), "join_group.code", true);
            case GET_GROUP_METADATA -> {
                var m = c.getGetGroupMetadata();
                if (m.getGroup().isEmpty() == m.getInviteCode().isEmpty()) {
                    throw invalid("get_group_metadata: set exactly one of group and invite_code");
                }
                if (!m.getGroup().isEmpty()) {
                    String g = groupJid(m.getGroup(), "get_group_metadata.group");
                    if (g != m.getGroup()) {
                        builder().getGetGroupMetadataBuilder().setGroup(g);
                    }
                } else {
                    inviteCode(m.getInviteCode(), "get_group_metadata.invite_code", true);
                }
            }
            default -> { } // LIST_GROUPS: no arguments
        }
    }

    static final int MAX_PUSH_NAME = io.wabridge.client.profile.Profiles.MAX_PUSH_NAME;
    static final int MAX_ABOUT = io.wabridge.client.profile.Profiles.MAX_ABOUT;
    static final int MAX_PICTURE_BYTES = 4 << 20;
    static final int MAX_ON_WHATSAPP_PHONES = 500;

    /** The profile commands (profile.proto): users and groups canonical, WhatsApp's lengths, numbers as +DIGITS. */
    private void profile() throws InvalidCommandException {
        CommandEnvelope c = original;
        switch (c.getCommandCase()) {
            case SET_PUSH_NAME -> {
                String name = c.getSetPushName().getName().strip();
                required(name, "set_push_name.name");
                limit(name, MAX_PUSH_NAME, "set_push_name.name");
            }
            case SET_ABOUT -> limit(c.getSetAbout().getText(), MAX_ABOUT, "set_about.text");
            case SET_PROFILE_PICTURE -> {
                var p = c.getSetProfilePicture();
                if (!p.getTarget().isEmpty()) {
                    String g = groupJid(p.getTarget(), "set_profile_picture.target");
                    if (g != p.getTarget()) {
                        builder().getSetProfilePictureBuilder().setTarget(g);
                    }
                }
                if (p.getImage().isEmpty()) {
                    throw invalid("set_profile_picture.image is required");
                }
                if (p.getImage().size() > MAX_PICTURE_BYTES) {
                    throw new InvalidCommandException(ErrorCode.MEDIA_TOO_LARGE, "set_profile_picture.image is "
                            + p.getImage().size() + " bytes; at most " + MAX_PICTURE_BYTES + " inline");
                }
            }
            case REMOVE_PROFILE_PICTURE -> {
                String t = c.getRemoveProfilePicture().getTarget();
                if (!t.isEmpty()) {
                    String g = groupJid(t, "remove_profile_picture.target");
                    if (g != t) {
                        builder().getRemoveProfilePictureBuilder().setTarget(g);
                    }
                }
            }
            case GET_PROFILE_PICTURE -> {
                String v = c.getGetProfilePicture().getJid();
                String j = v.endsWith("@" + io.wabridge.client.jid.JidServer.GROUP) ? groupJid(v, "get_profile_picture.jid")
                        : jid(v, "get_profile_picture.jid", Kind.USER, true);
                if (j != v) {
                    builder().getGetProfilePictureBuilder().setJid(j);
                }
            }
            case GET_ABOUT -> {
                String j = jid(c.getGetAbout().getJid(), "get_about.jid", Kind.USER, true);
                if (j != c.getGetAbout().getJid()) {
                    builder().getGetAboutBuilder().setJid(j);
                }
            }
            case GET_BUSINESS_PROFILE -> {
                String j = jid(c.getGetBusinessProfile().getJid(), "get_business_profile.jid", Kind.USER, true);
                if (j != c.getGetBusinessProfile().getJid()) {
                    builder().getGetBusinessProfileBuilder().setJid(j);
                }
            }
            case CHECK_ON_WHATSAPP -> {
                List<String> phones = c.getCheckOnWhatsapp().getPhonesList();
                if (phones.isEmpty() || phones.size() > MAX_ON_WHATSAPP_PHONES) {
                    throw invalid("check_on_whatsapp.phones names " + phones.size() + " numbers; 1 to "
                            + MAX_ON_WHATSAPP_PHONES + " are allowed");
                }
                List<String> canonical = new java.util.ArrayList<>(phones.size());
                for (int i = 0; i < phones.size(); i++) {
                    String digits = phones.get(i).replaceAll("[\\s().-]", "");
                    digits = digits.startsWith("+") ? digits.substring(1) : digits;
                    if (!digits.matches("[0-9]{" + JidArguments.MIN_PHONE_DIGITS + "," + JidArguments.MAX_PHONE_DIGITS + "}")) {
                        throw new InvalidCommandException(ErrorCode.INVALID_JID, "check_on_whatsapp.phones[" + i + "]: \""
                                + Printable.truncate(phones.get(i)) + "\" is not an international phone number");
                    }
                    canonical.add("+" + digits);
                }
                if (!canonical.equals(phones)) {
                    builder().getCheckOnWhatsappBuilder().clearPhones().addAllPhones(canonical);
                }
            }
            default -> { } // GET_PUSH_NAME: no arguments
        }
    }

    /** The community commands (communities.proto): group JIDs canonical, a group is not its own community. */
    private void community() throws InvalidCommandException {
        CommandEnvelope c = original;
        switch (c.getCommandCase()) {
            case CREATE_COMMUNITY -> {
                subject(c.getCreateCommunity().getSubject(), "create_community.subject");
                limit(c.getCreateCommunity().getDescription(), MAX_DESCRIPTION_LENGTH, "create_community.description");
            }
            case LINK_COMMUNITY_GROUP -> {
                var l = c.getLinkCommunityGroup();
                String community = groupJid(l.getCommunity(), "link_community_group.community");
                String group = groupJid(l.getGroup(), "link_community_group.group");
                notItsOwnCommunity(community, group, "link_community_group");
                if (community != l.getCommunity() || group != l.getGroup()) {
                    builder().getLinkCommunityGroupBuilder().setCommunity(community).setGroup(group);
                }
            }
            case UNLINK_COMMUNITY_GROUP -> {
                var u = c.getUnlinkCommunityGroup();
                String community = groupJid(u.getCommunity(), "unlink_community_group.community");
                String group = groupJid(u.getGroup(), "unlink_community_group.group");
                notItsOwnCommunity(community, group, "unlink_community_group");
                if (community != u.getCommunity() || group != u.getGroup()) {
                    builder().getUnlinkCommunityGroupBuilder().setCommunity(community).setGroup(group);
                }
            }
            case GET_COMMUNITY_METADATA -> {
                String g = groupJid(c.getGetCommunityMetadata().getJid(), "get_community_metadata.jid");
                if (g != c.getGetCommunityMetadata().getJid()) {
                    builder().getGetCommunityMetadataBuilder().setJid(g);
                }
            }
            default -> { } // LIST_COMMUNITIES: no arguments
        }
    }

    private static void notItsOwnCommunity(String community, String group, String command)
            throws InvalidCommandException {
        if (community.equals(group)) {
            throw invalid(command + ": group and community are the same group " + group);
        }
    }

    private static void limit(String text, int max, String field) throws InvalidCommandException {
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, field + " is " + length
                    + " characters long; WhatsApp's limit is " + max);
        }
    }

    private static String groupJid(String value, String field) throws InvalidCommandException {
        required(value, field);
        return JidArguments.group(value, field);
    }

    private static void subject(String subject, String field) throws InvalidCommandException {
        required(subject, field);
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, field + " is " + subject.length()
                    + " characters long; WhatsApp's limit is " + MAX_SUBJECT_LENGTH);
        }
    }

    /** An invite code or chat.whatsapp.com link: letters and digits after the last '/'. */
    private static void inviteCode(String code, String field, boolean required) throws InvalidCommandException {
        if (code.isEmpty() && !required) {
            return;
        }
        required(code, field);
        String tail = code.substring(code.lastIndexOf('/') + 1);
        if (!tail.matches("[A-Za-z0-9_-]{1,64}")) {
            throw invalid(field + ": \"" + Printable.truncate(code) + "\" is not an invite code or"
                    + " https://chat.whatsapp.com/ link");
        }
    }

    /** Canonical user JIDs, or null when all already were; at least one when {@code required}. */
    private static List<String> participants(List<String> jids, String field, boolean required)
            throws InvalidCommandException {
        if (required && jids.isEmpty()) {
            throw invalid(field + " is empty; name at least one user");
        }
        if (jids.size() > MAX_GROUP_PARTICIPANTS) {
            throw invalid(field + " names " + jids.size() + " users; a group has at most " + MAX_GROUP_PARTICIPANTS);
        }
        List<String> out = null;
        for (int i = 0; i < jids.size(); i++) {
            String jid = jid(jids.get(i), field + "[" + i + "]", Kind.USER, true);
            if (jid != jids.get(i) && out == null) {
                out = new java.util.ArrayList<>(jids.subList(0, i));
            }
            if (out != null) {
                out.add(jid);
            }
        }
        return out;
    }

    /** A query's page: limit 0 (default) or 1 to 1000, a cursor of at most 256 characters. */
    private void page(int limit, String cursor, String command) throws InvalidCommandException {
        if (limit < 0 || limit > io.wabridge.client.chats.ChatBook.MAX_PAGE) {
            throw invalid(command + ".limit: " + limit + " is out of range (0 for the default of 100, or 1 to "
                    + io.wabridge.client.chats.ChatBook.MAX_PAGE + ")");
        }
        if (cursor.length() > 256) {
            throw invalid(command + ".cursor: longer than 256 characters; pass the next_cursor of the previous page");
        }
    }

    /** request_history: a chat, the anchor message (id and timestamp), a count of 0 (default) to 500. */
    private void requestHistory(io.wabridge.proto.v1.RequestHistory r) throws InvalidCommandException {
        String chat = jid(r.getChat(), "request_history.chat", Kind.CHAT, true);
        if (chat != r.getChat()) {
            builder().getRequestHistoryBuilder().setChat(chat);
        }
        if (r.getFromArchive()) {
            if (r.getBefore().getId().isEmpty() != !r.getBefore().hasTimestamp()) {
                throw invalid("request_history.before: give both the id and the timestamp of a message, or neither"
                        + " (from_archive: from the newest)");
            }
        } else if (r.getBefore().getId().isEmpty() || !r.getBefore().hasTimestamp()) {
            throw invalid("request_history.before needs the id and timestamp of the oldest message the consumer has"
                    + " of the chat");
        }
        if (r.getCount() > io.wabridge.client.history.History.MAX_REQUEST) {
            throw invalid("request_history.count is " + r.getCount() + "; at most "
                    + io.wabridge.client.history.History.MAX_REQUEST + " (0 for "
                    + io.wabridge.client.history.History.DEFAULT_REQUEST + ")");
        }
    }

    /** Blocking and privacy: users as canonical user JIDs; a setting's value one its category takes. */
    private void blocking() throws InvalidCommandException {
        switch (original.getCommandCase()) {
            case BLOCK_CONTACT -> {
                String jid = jid(original.getBlockContact().getJid(), "block_contact.jid", Kind.USER, true);
                if (jid != original.getBlockContact().getJid()) {
                    builder().getBlockContactBuilder().setJid(jid);
                }
            }
            case UNBLOCK_CONTACT -> {
                String jid = jid(original.getUnblockContact().getJid(), "unblock_contact.jid", Kind.USER, true);
                if (jid != original.getUnblockContact().getJid()) {
                    builder().getUnblockContactBuilder().setJid(jid);
                }
            }
            case SET_PRIVACY_SETTING -> {
                var s = original.getSetPrivacySetting();
                var allowed = io.wabridge.bridge.blocking.BlockingContract.allowed(s.getCategory());
                if (allowed.isEmpty()) {
                    throw invalid("set_privacy_setting.category " + s.getCategoryValue() + " cannot be set; use one of"
                            + " LAST_SEEN, ONLINE, PROFILE_PHOTO, ABOUT, GROUPS_ADD, READ_RECEIPTS, CALLS_ADD");
                }
                if (!allowed.contains(s.getValue())) {
                    throw invalid("set_privacy_setting.value " + s.getValue() + " is not one " + s.getCategory()
                            + " takes: " + allowed);
                }
            }
            default -> { } // get_blocklist, get_privacy_settings: no arguments
        }
    }

    /** Disappearing messages: a timer WhatsApp offers; the chat a canonical user or group JID. */
    private void disappearing() throws InvalidCommandException {
        long seconds = Integer.toUnsignedLong(original.hasSetDefaultDisappearing()
                ? original.getSetDefaultDisappearing().getSeconds() : original.getSetChatDisappearing().getSeconds());
        String field = original.hasSetDefaultDisappearing() ? "set_default_disappearing" : "set_chat_disappearing";
        if (seconds > Integer.MAX_VALUE || !io.wabridge.client.disappearing.Disappearing.allowed((int) seconds)) {
            throw new InvalidCommandException(ErrorCode.INVALID_DISAPPEARING_DURATION, field + ".seconds " + seconds
                    + " is not a timer WhatsApp offers: 0 (off), 86400 (24 hours), 604800 (7 days), 7776000 (90 days)");
        }
        if (original.hasSetChatDisappearing()) {
            String chat = jid(original.getSetChatDisappearing().getChat(), "set_chat_disappearing.chat", Kind.CHAT, true);
            io.wabridge.client.jid.Jid parsed = io.wabridge.client.jid.Jid.tryParse(chat);
            if (parsed == null || !(parsed.isGroup() || parsed.isPn() || parsed.isLid())) {
                throw new InvalidCommandException(ErrorCode.INVALID_JID, "set_chat_disappearing.chat \""
                        + Printable.truncate(original.getSetChatDisappearing().getChat())
                        + "\" is neither a user nor a group: only those have a disappearing timer");
            }
            if (chat != original.getSetChatDisappearing().getChat()) {
                builder().getSetChatDisappearingBuilder().setChat(chat);
            }
        }
    }

    /** get_messages: a chat, an optional anchor (id with timestamp, or neither), a count of 0 (default) to 500. */
    private void getMessages(io.wabridge.proto.v1.GetMessages g) throws InvalidCommandException {
        String chat = jid(g.getChat(), "get_messages.chat", Kind.CHAT, true);
        if (chat != g.getChat()) {
            builder().getGetMessagesBuilder().setChat(chat);
        }
        if (g.hasBefore() && (g.getBefore().getId().isEmpty() || !g.getBefore().hasTimestamp())) {
            throw invalid("get_messages.before needs the id and timestamp of a message of the chat (unset: from the"
                    + " newest)");
        }
        if (g.getCount() > io.wabridge.client.chats.ChatBook.MAX_MESSAGES_PAGE) {
            throw invalid("get_messages.count is " + g.getCount() + "; at most "
                    + io.wabridge.client.chats.ChatBook.MAX_MESSAGES_PAGE + " (0 for " + DEFAULT_MESSAGES + ")");
        }
    }

    /** Messages per get_messages page when count is 0. */
    public static final int DEFAULT_MESSAGES = 50;

    /** resync_app_state: known collection names only. */
    private void resyncAppState(io.wabridge.proto.v1.ResyncAppState r) throws InvalidCommandException {
        for (String name : r.getCollectionsList()) {
            if (io.wabridge.client.appstate.AppStateCollection.of(name).isEmpty()) {
                throw invalid("resync_app_state.collections: unknown collection '" + name + "' (critical_block,"
                        + " critical_unblock_low, regular_high, regular_low, regular)");
            }
        }
    }

    /** The app-state commands: chats and contacts as canonical JIDs, names and ids present, timestamps not negative. */
    private void appState() throws InvalidCommandException {
        switch (original.getCommandCase()) {
            case ARCHIVE_CHAT -> {
                var a = original.getArchiveChat();
                String chat = jid(a.getChat(), "archive_chat.chat", Kind.CHAT, true);
                if (chat != a.getChat()) {
                    builder().getArchiveChatBuilder().setChat(chat);
                }
                notNegative(a.getLastMessageTimestamp(), "archive_chat.last_message_timestamp");
            }
            case PIN_CHAT -> {
                String chat = jid(original.getPinChat().getChat(), "pin_chat.chat", Kind.CHAT, true);
                if (chat != original.getPinChat().getChat()) {
                    builder().getPinChatBuilder().setChat(chat);
                }
            }
            case MUTE_CHAT -> {
                var m = original.getMuteChat();
                String chat = jid(m.getChat(), "mute_chat.chat", Kind.CHAT, true);
                if (chat != m.getChat()) {
                    builder().getMuteChatBuilder().setChat(chat);
                }
                if (!m.getMuted() && m.hasMuteUntil()) {
                    throw invalid("mute_chat.mute_until is set but muted is false");
                }
            }
            case MARK_CHAT_READ -> {
                var r = original.getMarkChatRead();
                String chat = jid(r.getChat(), "mark_chat_read.chat", Kind.CHAT, true);
                if (chat != r.getChat()) {
                    builder().getMarkChatReadBuilder().setChat(chat);
                }
                notNegative(r.getLastMessageTimestamp(), "mark_chat_read.last_message_timestamp");
            }
            case STAR_MESSAGE -> {
                var m = original.getStarMessage();
                String chat = jid(m.getChat(), "star_message.chat", Kind.CHAT, true);
                required(m.getMessageId(), "star_message.message_id");
                String sender = m.getFromMe() ? jid(m.getSender(), "star_message.sender", Kind.USER, false)
                        : groupSender(m.getSender(), chat, "star_message");
                if (chat != m.getChat() || sender != m.getSender()) {
                    builder().getStarMessageBuilder().setChat(chat).setSender(sender);
                }
            }
            default -> {
                var c = original.getSetContactName();
                String jid = jid(c.getJid(), "set_contact_name.jid", Kind.USER, true);
                if (jid != c.getJid()) {
                    builder().getSetContactNameBuilder().setJid(jid);
                }
                required(c.getFullName(), "set_contact_name.full_name");
                if (c.getFullName().length() > MAX_CONTACT_NAME || c.getFirstName().length() > MAX_CONTACT_NAME) {
                    throw invalid("set_contact_name names are at most " + MAX_CONTACT_NAME + " characters");
                }
            }
        }
    }

    private static final int MAX_CONTACT_NAME = 256;
    private static final int MAX_LABEL_ID = 64;
    private static final int MAX_LABEL_NAME = 100;
    private static final int MAX_LABEL_COLOR = 19;

    /** edit_label, label_chat: a label id, a name and colour in range, a canonical chat JID. */
    private void labels() throws InvalidCommandException {
        if (original.hasEditLabel()) {
            var l = original.getEditLabel();
            labelId(l.getLabelId(), "edit_label.label_id");
            if (!l.getDeleted()) {
                required(l.getName(), "edit_label.name");
            }
            if (l.getName().length() > MAX_LABEL_NAME) {
                throw invalid("edit_label.name is " + l.getName().length() + " characters long; at most " + MAX_LABEL_NAME);
            }
            if (l.getColor() < 0 || l.getColor() > MAX_LABEL_COLOR) {
                throw invalid("edit_label.color: " + l.getColor() + " is out of range (0 to " + MAX_LABEL_COLOR + ")");
            }
            return;
        }
        var l = original.getLabelChat();
        labelId(l.getLabelId(), "label_chat.label_id");
        String chat = jid(l.getChat(), "label_chat.chat", Kind.CHAT, true);
        if (chat != l.getChat()) {
            builder().getLabelChatBuilder().setChat(chat);
        }
        if (l.getMessageId().length() > 128) {
            throw invalid("label_chat.message_id is longer than 128 characters");
        }
    }

    private static void labelId(String id, String field) throws InvalidCommandException {
        required(id, field);
        if (id.length() > MAX_LABEL_ID) {
            throw invalid(field + " is " + id.length() + " characters long; at most " + MAX_LABEL_ID);
        }
    }

    private static void notNegative(long value, String field) throws InvalidCommandException {
        if (value < 0) {
            throw invalid(field + " is negative");
        }
    }

    /** The participant of a receipt: required in groups, a user JID when given. */
    private String groupSender(String sender, String chat, String command) throws InvalidCommandException {
        if (sender.isEmpty() && chat.endsWith("@g.us")) {
            throw invalid(command + ".sender is required in a group: the participant who wrote the messages");
        }
        return jid(sender, command + ".sender", Kind.USER, false);
    }

    private static void ids(List<String> ids, String field) throws InvalidCommandException {
        if (ids.isEmpty()) {
            throw invalid(field + " is empty; name at least one message id");
        }
        for (int i = 0; i < ids.size(); i++) {
            required(ids.get(i), field + "[" + i + "]");
        }
    }

    /** A set enum: not the zero value, and not a number this bridge does not know. */
    private static void enumSet(ProtocolMessageEnum value, int number, String field) throws InvalidCommandException {
        if (number == 0) {
            throw invalid(field + " is required");
        }
        if (value.getDescriptorForType().findValueByNumber(number) == null) { // UNRECOGNIZED
            throw new InvalidCommandException(ErrorCode.UNKNOWN_COMMAND, field + " " + number
                    + " is a value this bridge version does not know (from a newer contract?)");
        }
    }

    private static String jid(String value, String field, Kind kind, boolean required) throws InvalidCommandException {
        if (value.isEmpty()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return value;
        }
        return JidArguments.canonical(value, field, kind);
    }

    private static void text(String text, String field) throws InvalidCommandException {
        required(text, field);
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, field + " is " + text.length()
                    + " UTF-16 code units long; WhatsApp's limit is " + MAX_TEXT_LENGTH);
        }
    }

    private static void required(String value, String field) throws InvalidCommandException {
        if (value.isEmpty()) {
            throw invalid(field + " is required");
        }
    }

    /**
     * A oneof with nothing this bridge knows: unknown fields there mean a newer producer used something this version
     * lacks ({@link ErrorCode#UNKNOWN_COMMAND}); none mean nothing was set ({@code emptyIsUnknown} decides the code).
     */
    private static InvalidCommandException notSet(String what, UnknownFieldSet unknown, boolean emptyIsUnknown,
            String hint) {
        if (!unknown.asMap().isEmpty()) {
            return new InvalidCommandException(ErrorCode.UNKNOWN_COMMAND, what + "; it has field number(s) "
                    + unknown.asMap().keySet() + " this bridge version does not know (from a newer contract?)");
        }
        return new InvalidCommandException(emptyIsUnknown ? ErrorCode.UNKNOWN_COMMAND : ErrorCode.INVALID_COMMAND,
                what + "; " + hint);
    }

    private static InvalidCommandException invalid(String message) {
        return new InvalidCommandException(ErrorCode.INVALID_COMMAND, message);
    }
}
