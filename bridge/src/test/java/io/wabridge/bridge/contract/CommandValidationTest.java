package io.wabridge.bridge.contract;

import static io.wabridge.bridge.contract.CommandDecoderTest.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.proto.v1.ChatState;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.Connect;
import io.wabridge.proto.v1.Contact;
import io.wabridge.proto.v1.Disconnect;
import io.wabridge.proto.v1.Edit;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.ExtendedText;
import io.wabridge.proto.v1.Location;
import io.wabridge.proto.v1.Logout;
import io.wabridge.proto.v1.MarkRead;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageRef;
import io.wabridge.proto.v1.PairingCodePairing;
import io.wabridge.proto.v1.Poll;
import io.wabridge.proto.v1.Presence;
import io.wabridge.proto.v1.QrPairing;
import io.wabridge.proto.v1.Quote;
import io.wabridge.proto.v1.Reaction;
import io.wabridge.proto.v1.ReceiptType;
import io.wabridge.proto.v1.Revoke;
import io.wabridge.proto.v1.SendChatState;
import io.wabridge.proto.v1.SendMessage;
import io.wabridge.proto.v1.SendPresence;
import io.wabridge.proto.v1.SubscribePresence;
import io.wabridge.proto.v1.SendReceipt;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command rules: one test per rule, each bad input to its error code and a message naming the field. */
class CommandValidationTest {

    private static final String USER = "15550001111@s.whatsapp.net";
    private static final String GROUP = "120363012345678901@g.us";
    private static final String NEWSLETTER = "120363012345678902@newsletter";

    private final CommandDecoder decoder = new CommandDecoder();

    private static CommandEnvelope.Builder envelope() {
        return CommandEnvelope.newBuilder().setCommandId("c1").setSessionId("acme");
    }

    private static CommandEnvelope send(MessageContent.Builder content) {
        return envelope().setSendMessage(SendMessage.newBuilder().setTo(USER).setContent(content)).build();
    }

    private static MessageContent.Builder text(String text) {
        return MessageContent.newBuilder().setText(text);
    }

    private CommandEnvelope accepted(CommandEnvelope command) {
        try {
            return decoder.decode(Records.record("acme", command.toByteArray()));
        } catch (InvalidCommandException e) {
            throw new AssertionError("rejected " + e.code() + ": " + e.getMessage());
        }
    }

    private InvalidCommandException rejected(ErrorCode code, CommandEnvelope command, String... messageParts) {
        var e = assertThrows(InvalidCommandException.class,
                () -> decoder.decode(Records.record("acme", command.toByteArray())));
        assertEquals(code, e.code(), e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" not in: " + e.getMessage());
        }
        assertEquals("acme", e.sessionId());
        assertEquals("c1", e.commandId());
        return e;
    }

    private static CommandEnvelope validated(CommandEnvelope command) {
        try {
            return CommandValidator.validate(command);
        } catch (InvalidCommandException e) {
            throw new AssertionError(e.code() + ": " + e.getMessage());
        }
    }

    /** One valid sample of every command and content kind the contract has. */
    private static List<CommandEnvelope> samples() {
        MessageRef target = MessageRef.newBuilder().setId("3EB0C431C26A1916E07A").build();
        return List.of(
                envelope().setConnect(Connect.newBuilder()).build(),
                envelope().setConnect(Connect.newBuilder().setQr(QrPairing.getDefaultInstance())).build(),
                envelope().setConnect(Connect.newBuilder()
                        .setPairingCode(PairingCodePairing.newBuilder().setPhone("15550001111"))).build(),
                envelope().setDisconnect(Disconnect.getDefaultInstance()).build(),
                envelope().setLogout(Logout.getDefaultInstance()).build(),
                send(text("hi")),
                send(MessageContent.newBuilder().setExtendedText(ExtendedText.newBuilder()
                        .setText("see https://example.com").setMatchedText("https://example.com"))),
                send(MessageContent.newBuilder().setReaction(Reaction.newBuilder().setTarget(target).setEmoji("👍"))),
                send(MessageContent.newBuilder().setReaction(Reaction.newBuilder().setTarget(target))),
                send(MessageContent.newBuilder().setEdit(Edit.newBuilder().setTarget(target).setText("fixed"))),
                send(MessageContent.newBuilder().setRevoke(Revoke.newBuilder().setTarget(target))),
                send(MessageContent.newBuilder().setLocation(Location.newBuilder()
                        .setLatitude(-33.8688).setLongitude(151.2093).setName("Sydney"))),
                send(MessageContent.newBuilder().setContact(Contact.newBuilder()
                        .setDisplayName("Ann").setVcard("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD"))),
                send(MessageContent.newBuilder().setPoll(Poll.newBuilder()
                        .setName("Lunch?").addOptions("yes").addOptions("no").setSelectableCount(1))),
                send(MessageContent.newBuilder().setMedia(io.wabridge.proto.v1.Media.newBuilder()
                        .setKind(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_IMAGE).setCaption("look")
                        .setFetchUrl("https://files.example.com/a.jpg"))),
                envelope().setSendMessage(SendMessage.newBuilder().setTo(GROUP).setContent(text("@15550002222 hi"))
                        .setQuoted(Quote.newBuilder().setId("ABC").setSender("15550002222@s.whatsapp.net")
                                .setContent(text("earlier")))
                        .addMentions("15550002222@s.whatsapp.net")).build(),
                envelope().setMarkRead(MarkRead.newBuilder().setChat(USER).addMessageIds("A").addMessageIds("B"))
                        .build(),
                envelope().setMarkRead(MarkRead.newBuilder().setChat(GROUP).addMessageIds("A")
                        .setSender("123456789012345@lid")).build(),
                envelope().setSendReceipt(SendReceipt.newBuilder().setChat(USER).addMessageIds("A")
                        .setType(ReceiptType.PLAYED)).build(),
                envelope().setSendPresence(SendPresence.newBuilder().setPresence(Presence.AVAILABLE)).build(),
                envelope().setSendChatstate(SendChatState.newBuilder().setChat(USER).setState(ChatState.COMPOSING))
                        .build(),
                envelope().setSubscribePresence(SubscribePresence.newBuilder().setJid(USER)).build(),
                envelope().setCreateGroup(io.wabridge.proto.v1.CreateGroup.newBuilder().setSubject("Team")
                        .addParticipants(USER)).build(),
                envelope().setUpdateGroupParticipants(io.wabridge.proto.v1.UpdateGroupParticipants.newBuilder()
                        .setGroup(GROUP).setAction(io.wabridge.proto.v1.UpdateGroupParticipants.Action.REMOVE)
                        .addParticipants(USER)).build(),
                envelope().setSetGroupSubject(io.wabridge.proto.v1.SetGroupSubject.newBuilder().setGroup(GROUP)
                        .setSubject("New")).build(),
                envelope().setSetGroupDescription(io.wabridge.proto.v1.SetGroupDescription.newBuilder().setGroup(GROUP))
                        .build(),
                envelope().setSetGroupSettings(io.wabridge.proto.v1.SetGroupSettings.newBuilder().setGroup(GROUP)
                        .setLocked(false)).build(),
                envelope().setLeaveGroup(io.wabridge.proto.v1.LeaveGroup.newBuilder().setGroup(GROUP)).build(),
                envelope().setGetGroupInviteCode(io.wabridge.proto.v1.GetGroupInviteCode.newBuilder().setGroup(GROUP)
                        .setReset(true)).build(),
                envelope().setJoinGroup(io.wabridge.proto.v1.JoinGroup.newBuilder().setCode("AbC123")).build(),
                envelope().setGetGroupMetadata(io.wabridge.proto.v1.GetGroupMetadata.newBuilder().setGroup(GROUP)).build(),
                envelope().setListGroups(io.wabridge.proto.v1.ListGroups.getDefaultInstance()).build(),
                envelope().setDownloadMedia(io.wabridge.proto.v1.DownloadMedia.newBuilder().setMessageId("A")
                        .setChat(GROUP).setSender("123456789012345@lid").setMedia(io.wabridge.proto.v1.Media.newBuilder()
                                .setKind(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_IMAGE)
                                .setDirectPath("/v/t62.7118-24/1_2_n.enc?ccb=11-4").setSize(10)
                                .setSha256("ab".repeat(32))
                                .setMediaKey(java.util.Base64.getEncoder().encodeToString(new byte[32]))
                                .setFileEncSha256(java.util.Base64.getEncoder().encodeToString(new byte[32]))))
                        .build(),
                envelope().setGetContacts(io.wabridge.proto.v1.GetContacts.getDefaultInstance()).build(),
                envelope().setSetPushName(io.wabridge.proto.v1.SetPushName.newBuilder().setName("Acme")).build(),
                envelope().setGetPushName(io.wabridge.proto.v1.GetPushName.getDefaultInstance()).build(),
                envelope().setSetAbout(io.wabridge.proto.v1.SetAbout.newBuilder().setText("Open 9-17")).build(),
                envelope().setSetProfilePicture(io.wabridge.proto.v1.SetProfilePicture.newBuilder().setTarget(GROUP)
                        .setImage(com.google.protobuf.ByteString.copyFromUtf8("jpeg"))).build(),
                envelope().setRemoveProfilePicture(io.wabridge.proto.v1.RemoveProfilePicture.getDefaultInstance()).build(),
                envelope().setGetProfilePicture(io.wabridge.proto.v1.GetProfilePicture.newBuilder().setJid(GROUP)).build(),
                envelope().setGetAbout(io.wabridge.proto.v1.GetAbout.newBuilder().setJid(USER)).build(),
                envelope().setCheckOnWhatsapp(io.wabridge.proto.v1.CheckOnWhatsApp.newBuilder().addPhones("+15550002222")).build(),
                envelope().setGetBusinessProfile(io.wabridge.proto.v1.GetBusinessProfile.newBuilder().setJid(USER)).build(),
                envelope().setGetChats(io.wabridge.proto.v1.GetChats.newBuilder().setLimit(1000).setCursor(USER)).build(),
                envelope().setRequestHistory(io.wabridge.proto.v1.RequestHistory.newBuilder().setChat(USER)
                        .setBefore(io.wabridge.proto.v1.HistoryAnchor.newBuilder().setId("3EB0AAAA000000000001")
                                .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L)))
                        .setCount(50)).build(),
                envelope().setArchiveChat(io.wabridge.proto.v1.ArchiveChat.newBuilder().setChat(USER).setArchived(true)
                        .setLastMessageTimestamp(1_700_000_000L)).build(),
                envelope().setPinChat(io.wabridge.proto.v1.PinChat.newBuilder().setChat(USER).setPinned(true)).build(),
                envelope().setMuteChat(io.wabridge.proto.v1.MuteChat.newBuilder().setChat(USER).setMuted(true)
                        .setMuteUntil(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_800_000_000L))).build(),
                envelope().setMarkChatRead(io.wabridge.proto.v1.MarkChatRead.newBuilder().setChat(USER).setRead(false)).build(),
                envelope().setStarMessage(io.wabridge.proto.v1.StarMessage.newBuilder().setChat(USER)
                        .setMessageId("3EB0C431C26A1916E07A").setStarred(true)).build(),
                envelope().setSetContactName(io.wabridge.proto.v1.SetContactName.newBuilder().setJid(USER)
                        .setFullName("Alice Liddell").setFirstName("Alice")).build(),
                envelope().setFollowNewsletter(io.wabridge.proto.v1.FollowNewsletter.newBuilder()
                        .setNewsletter(NEWSLETTER)).build(),
                envelope().setUnfollowNewsletter(io.wabridge.proto.v1.UnfollowNewsletter.newBuilder()
                        .setNewsletter(NEWSLETTER)).build(),
                envelope().setGetNewsletterMetadata(io.wabridge.proto.v1.GetNewsletterMetadata.newBuilder()
                        .setInviteCode("https://whatsapp.com/channel/0029VaAbCdEf")).build(),
                envelope().setListNewsletters(io.wabridge.proto.v1.ListNewsletters.getDefaultInstance()).build(),
                envelope().setGetNewsletterMessages(io.wabridge.proto.v1.GetNewsletterMessages.newBuilder()
                        .setNewsletter(NEWSLETTER).setCount(100).setBeforeServerId(120).setLiveUpdates(true)).build(),
                envelope().setSendNewsletterPost(io.wabridge.proto.v1.SendNewsletterPost.newBuilder()
                        .setNewsletter(NEWSLETTER).setText("v1.0 is out")).build(),
                envelope().setReactToNewsletterPost(io.wabridge.proto.v1.ReactToNewsletterPost.newBuilder()
                        .setNewsletter(NEWSLETTER).setServerId(120)).build(),
                envelope().setMuteNewsletter(io.wabridge.proto.v1.MuteNewsletter.newBuilder()
                        .setNewsletter(NEWSLETTER).setMute(true)).build(),
                envelope().setCreateNewsletter(io.wabridge.proto.v1.CreateNewsletter.newBuilder().setName("News"))
                        .build(),
                envelope().setMarkNewsletterViewed(io.wabridge.proto.v1.MarkNewsletterViewed.newBuilder()
                        .setNewsletter(NEWSLETTER).addServerIds(120)).build(),
                envelope().setRejectCall(io.wabridge.proto.v1.RejectCall.newBuilder()
                        .setCallId("D6B8E7A0C3F14B2A9E5D1C0B8A7F6E5D")).build(),
                envelope().setSetCallSettings(io.wabridge.proto.v1.SetCallSettings.newBuilder()
                        .setAutoReject(io.wabridge.proto.v1.SetCallSettings.AutoReject.AUTO_REJECT_ON)
                        .setReplyMessage("Calls are not answered here; please write.")).build(),
                envelope().setBlockContact(io.wabridge.proto.v1.BlockContact.newBuilder().setJid(USER)).build(),
                envelope().setUnblockContact(io.wabridge.proto.v1.UnblockContact.newBuilder().setJid(USER)).build(),
                envelope().setGetBlocklist(io.wabridge.proto.v1.GetBlocklist.getDefaultInstance()).build(),
                envelope().setSetDefaultDisappearing(io.wabridge.proto.v1.SetDefaultDisappearing.newBuilder()
                        .setSeconds(604_800)).build(),
                envelope().setSetChatDisappearing(io.wabridge.proto.v1.SetChatDisappearing.newBuilder().setChat(GROUP)
                        .setSeconds(0)).build(),
                envelope().setGetPrivacySettings(io.wabridge.proto.v1.GetPrivacySettings.getDefaultInstance()).build(),
                envelope().setSetPrivacySetting(io.wabridge.proto.v1.SetPrivacySetting.newBuilder()
                        .setCategory(io.wabridge.proto.v1.PrivacyCategory.READ_RECEIPTS)
                        .setValue(io.wabridge.proto.v1.PrivacyValue.NOBODY)).build(),
                envelope().setGetMessages(io.wabridge.proto.v1.GetMessages.newBuilder().setChat(GROUP).setCount(500)
                        .setBefore(io.wabridge.proto.v1.HistoryAnchor.newBuilder().setId("3EB0AAAA000000000001")
                                .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L))))
                        .build(),
                envelope().setResyncAppState(io.wabridge.proto.v1.ResyncAppState.newBuilder()
                        .addCollections("regular_low")).build(),
                envelope().setCreateCommunity(io.wabridge.proto.v1.CreateCommunity.newBuilder().setSubject("Neighbours")
                        .setDescription("street 12-40")).build(),
                envelope().setListCommunities(io.wabridge.proto.v1.ListCommunities.getDefaultInstance()).build(),
                envelope().setLinkCommunityGroup(io.wabridge.proto.v1.LinkCommunityGroup.newBuilder()
                        .setCommunity(COMMUNITY).setGroup(GROUP)).build(),
                envelope().setUnlinkCommunityGroup(io.wabridge.proto.v1.UnlinkCommunityGroup.newBuilder()
                        .setCommunity(COMMUNITY).setGroup(GROUP)).build(),
                envelope().setGetCommunityMetadata(io.wabridge.proto.v1.GetCommunityMetadata.newBuilder()
                        .setJid(COMMUNITY)).build(),
                envelope().setSendStatus(io.wabridge.proto.v1.SendStatus.newBuilder().addAudience(USER)
                        .setContent(MessageContent.newBuilder().setText("on holiday"))
                        .setStyle(io.wabridge.proto.v1.StatusStyle.newBuilder().setBackgroundArgb(0xFF1E6E4F).setFont(3)))
                        .build(),
                envelope().setMarkStatusSeen(io.wabridge.proto.v1.MarkStatusSeen.newBuilder().setAuthor(USER)
                        .addMessageIds("3EB0AAAA000000000001")).build(),
                envelope().setGetLabels(io.wabridge.proto.v1.GetLabels.newBuilder().setLimit(10).setCursor("2")).build(),
                envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder().setLabelId("6").setName("Paid")
                        .setColor(19)).build(),
                envelope().setLabelChat(io.wabridge.proto.v1.LabelChat.newBuilder().setLabelId("6").setChat(GROUP)
                        .setMessageId("3EB0C431C26A1916E07A").setLabeled(true)).build());
    }

    private static final String COMMUNITY = "120363000000000077@g.us";

    @Test
    void communityCommandsTakeGroupJidsAndAGroupIsNotItsOwnCommunity() {
        assertEquals("120363000000000078@g.us", accepted(envelope().setLinkCommunityGroup(
                io.wabridge.proto.v1.LinkCommunityGroup.newBuilder().setCommunity(COMMUNITY)
                        .setGroup("120363000000000078")).build()).getLinkCommunityGroup().getGroup());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setLinkCommunityGroup(io.wabridge.proto.v1.LinkCommunityGroup
                .newBuilder().setCommunity(COMMUNITY).setGroup(COMMUNITY)).build(), "link_community_group", "same group");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setUnlinkCommunityGroup(io.wabridge.proto.v1.UnlinkCommunityGroup
                .newBuilder().setCommunity(COMMUNITY)).build(), "unlink_community_group.group");
        rejected(ErrorCode.INVALID_JID, envelope().setGetCommunityMetadata(io.wabridge.proto.v1.GetCommunityMetadata
                .newBuilder().setJid("15550002222@s.whatsapp.net")).build(), "get_community_metadata.jid");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setCreateCommunity(io.wabridge.proto.v1.CreateCommunity
                .getDefaultInstance()).build(), "create_community.subject");
        rejected(ErrorCode.TEXT_TOO_LONG, envelope().setCreateCommunity(io.wabridge.proto.v1.CreateCommunity.newBuilder()
                .setSubject("x".repeat(101))).build(), "create_community.subject");
        rejected(ErrorCode.TEXT_TOO_LONG, envelope().setCreateCommunity(io.wabridge.proto.v1.CreateCommunity.newBuilder()
                .setSubject("Neighbours").setDescription("x".repeat(2049))).build(), "create_community.description");
    }

    @Test
    void statusCommandsNeedAnAudienceOfUsersAndStatusContent() {
        var text = MessageContent.newBuilder().setText("hi");
        rejected(ErrorCode.STATUS_EMPTY_AUDIENCE, envelope().setSendStatus(io.wabridge.proto.v1.SendStatus.newBuilder()
                .setContent(text)).build(), "send_status.audience");
        rejected(ErrorCode.STATUS_INVALID_AUDIENCE, envelope().setSendStatus(io.wabridge.proto.v1.SendStatus.newBuilder()
                .addAudience(USER).addAudience(GROUP).setContent(text)).build(), "send_status.audience[1]");
        rejected(ErrorCode.STATUS_INVALID_AUDIENCE, envelope().setSendStatus(io.wabridge.proto.v1.SendStatus.newBuilder()
                .addAudience("").setContent(text)).build(), "send_status.audience[0]");
        var tooMany = io.wabridge.proto.v1.SendStatus.newBuilder().setContent(text);
        for (int i = 0; i <= 5_000; i++) {
            tooMany.addAudience(Long.toString(15_550_000_000L + i));
        }
        rejected(ErrorCode.STATUS_AUDIENCE_TOO_LARGE, envelope().setSendStatus(tooMany).build(), "send_status.audience");
        rejected(ErrorCode.STATUS_UNSUPPORTED_CONTENT, envelope().setSendStatus(io.wabridge.proto.v1.SendStatus
                .newBuilder().addAudience(USER).setContent(MessageContent.newBuilder().setLocation(
                        io.wabridge.proto.v1.Location.newBuilder().setLatitude(1).setLongitude(2)))).build(),
                "send_status.content");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkStatusSeen(io.wabridge.proto.v1.MarkStatusSeen.newBuilder()
                .setAuthor(USER)).build(), "mark_status_seen.message_ids");
        var canonical = accepted(envelope().setSendStatus(io.wabridge.proto.v1.SendStatus.newBuilder()
                .addAudience("+15550002222").addAudience("15550002222@s.whatsapp.net").setContent(text)).build());
        assertEquals(java.util.List.of("15550002222@s.whatsapp.net"), canonical.getSendStatus().getAudienceList(),
                "phone numbers made JIDs, duplicates counted once");
    }

    @Test
    void labelCommandsTakeALabelIdANameAndColourInRangeAndAChat() {
        assertEquals("15550002222@s.whatsapp.net", accepted(envelope().setLabelChat(io.wabridge.proto.v1.LabelChat
                .newBuilder().setLabelId("1").setChat("+15550002222")).build()).getLabelChat().getChat());
        accepted(envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder().setLabelId("3").setDeleted(true))
                .build()); // a deleted label needs no name
        rejected(ErrorCode.INVALID_COMMAND, envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder()
                .setName("Paid")).build(), "edit_label.label_id");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder()
                .setLabelId("3")).build(), "edit_label.name");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder()
                .setLabelId("3").setName("x".repeat(101))).build(), "edit_label.name");
        for (int color : new int[] {-1, 20}) {
            rejected(ErrorCode.INVALID_COMMAND, envelope().setEditLabel(io.wabridge.proto.v1.EditLabel.newBuilder()
                    .setLabelId("3").setName("Paid").setColor(color)).build(), "edit_label.color");
        }
        rejected(ErrorCode.INVALID_COMMAND, envelope().setLabelChat(io.wabridge.proto.v1.LabelChat.newBuilder()
                .setLabelId("x".repeat(65)).setChat(USER)).build(), "label_chat.label_id");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setLabelChat(io.wabridge.proto.v1.LabelChat.newBuilder()
                .setLabelId("1")).build(), "label_chat.chat");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetLabels(io.wabridge.proto.v1.GetLabels.newBuilder()
                .setLimit(1001)).build(), "get_labels.limit");
    }

    @Test
    void getMessagesTakesAChatAWholeAnchorOrNoneAndABoundedCount() {
        var anchor = io.wabridge.proto.v1.HistoryAnchor.newBuilder().setId("3EB0AAAA000000000001")
                .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L));
        assertEquals("15550002222@s.whatsapp.net", accepted(envelope().setGetMessages(
                io.wabridge.proto.v1.GetMessages.newBuilder().setChat("+15550002222")).build()).getGetMessages().getChat());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetMessages(io.wabridge.proto.v1.GetMessages.newBuilder()
                .setChat(USER).setBefore(anchor.clone().clearId())).build(), "get_messages.before");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetMessages(io.wabridge.proto.v1.GetMessages.newBuilder()
                .setChat(USER).setCount(501)).build(), "get_messages.count");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetMessages(io.wabridge.proto.v1.GetMessages.newBuilder())
                .build(), "get_messages.chat");
        // request_history from the archive: no anchor (from the newest) or a whole one
        accepted(envelope().setRequestHistory(io.wabridge.proto.v1.RequestHistory.newBuilder().setChat(USER)
                .setFromArchive(true)).build());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setRequestHistory(io.wabridge.proto.v1.RequestHistory.newBuilder()
                .setChat(USER).setFromArchive(true).setBefore(anchor.clone().clearTimestamp())).build(),
                "request_history.before");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setResyncAppState(io.wabridge.proto.v1.ResyncAppState.newBuilder()
                .addCollections("regular_medium")).build(), "resync_app_state.collections");
    }

    @Test
    void callCommandsNeedACallIdAndABoundedReplyOnlyWithAutoReject() {
        rejected(ErrorCode.INVALID_COMMAND, envelope().setRejectCall(io.wabridge.proto.v1.RejectCall.getDefaultInstance())
                .build(), "reject_call.call_id");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setRejectCall(io.wabridge.proto.v1.RejectCall.newBuilder()
                .setCallId("x".repeat(129))).build(), "reject_call.call_id");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetCallSettings(io.wabridge.proto.v1.SetCallSettings.newBuilder()
                .setAutoReject(io.wabridge.proto.v1.SetCallSettings.AutoReject.AUTO_REJECT_ON)
                .setReplyMessage("x".repeat(4097))).build(), "set_call_settings.reply_message");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetCallSettings(io.wabridge.proto.v1.SetCallSettings.newBuilder()
                .setAutoReject(io.wabridge.proto.v1.SetCallSettings.AutoReject.AUTO_REJECT_OFF)
                .setReplyMessage("busy")).build(), "set_call_settings.reply_message");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetCallSettings(io.wabridge.proto.v1.SetCallSettings.newBuilder()
                .setAutoRejectValue(7)).build(), "set_call_settings.auto_reject");
        accepted(envelope().setSetCallSettings(io.wabridge.proto.v1.SetCallSettings.getDefaultInstance()).build());
    }

    @Test
    void disappearingTakesOnlyTheTimersWhatsAppOffersAndAUserOrGroup() {
        assertEquals("15550002222@s.whatsapp.net", accepted(envelope().setSetChatDisappearing(
                io.wabridge.proto.v1.SetChatDisappearing.newBuilder().setChat("+15550002222").setSeconds(7_776_000))
                .build()).getSetChatDisappearing().getChat());
        rejected(ErrorCode.INVALID_DISAPPEARING_DURATION, envelope().setSetDefaultDisappearing(
                io.wabridge.proto.v1.SetDefaultDisappearing.newBuilder().setSeconds(3_600)).build(),
                "set_default_disappearing.seconds");
        rejected(ErrorCode.INVALID_DISAPPEARING_DURATION, envelope().setSetChatDisappearing(
                io.wabridge.proto.v1.SetChatDisappearing.newBuilder().setChat(USER).setSeconds(-1)).build(),
                "set_chat_disappearing.seconds");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetChatDisappearing(
                io.wabridge.proto.v1.SetChatDisappearing.newBuilder().setSeconds(86_400)).build(),
                "set_chat_disappearing.chat");
        rejected(ErrorCode.INVALID_JID, envelope().setSetChatDisappearing(io.wabridge.proto.v1.SetChatDisappearing
                .newBuilder().setChat("status@broadcast").setSeconds(86_400)).build(), "set_chat_disappearing.chat");
    }

    @Test
    void blockingTakesAUserAndEachSettingOnlyTheValuesItsCategoryTakes() {
        assertEquals("15550002222@s.whatsapp.net", accepted(envelope().setBlockContact(io.wabridge.proto.v1.BlockContact
                .newBuilder().setJid("+15550002222")).build()).getBlockContact().getJid());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setUnblockContact(io.wabridge.proto.v1.UnblockContact
                .getDefaultInstance()).build(), "unblock_contact.jid");
        rejected(ErrorCode.INVALID_JID, envelope().setBlockContact(io.wabridge.proto.v1.BlockContact.newBuilder()
                .setJid("120363012345678901@g.us")).build(), "block_contact.jid");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetPrivacySetting(io.wabridge.proto.v1.SetPrivacySetting
                .newBuilder().setCategory(io.wabridge.proto.v1.PrivacyCategory.ONLINE)
                .setValue(io.wabridge.proto.v1.PrivacyValue.CONTACTS)).build(), "set_privacy_setting.value");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSetPrivacySetting(io.wabridge.proto.v1.SetPrivacySetting
                .newBuilder().setValue(io.wabridge.proto.v1.PrivacyValue.NOBODY)).build(), "set_privacy_setting.category");
    }

    @Test
    void queriesTakeALimitUpToAThousandAndAShortCursor() {
        for (int limit : new int[] {-1, 1001}) {
            rejected(ErrorCode.INVALID_COMMAND, envelope()
                    .setGetChats(io.wabridge.proto.v1.GetChats.newBuilder().setLimit(limit)).build(), "get_chats.limit");
        }
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetContacts(io.wabridge.proto.v1.GetContacts.newBuilder()
                .setCursor("x".repeat(257))).build(), "get_contacts.cursor");
    }

    @Test
    void newsletterCommandsTakeNewsletterIdsAndBoundedArguments() {
        assertEquals(NEWSLETTER, accepted(envelope().setFollowNewsletter(io.wabridge.proto.v1.FollowNewsletter
                .newBuilder().setNewsletter("120363012345678902")).build()).getFollowNewsletter().getNewsletter());
        rejected(ErrorCode.INVALID_JID, envelope().setMuteNewsletter(io.wabridge.proto.v1.MuteNewsletter.newBuilder()
                .setNewsletter(GROUP)).build(), "mute_newsletter.newsletter");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setUnfollowNewsletter(
                io.wabridge.proto.v1.UnfollowNewsletter.getDefaultInstance()).build(), "unfollow_newsletter.newsletter");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetNewsletterMetadata(io.wabridge.proto.v1
                .GetNewsletterMetadata.getDefaultInstance()).build(), "exactly one");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setGetNewsletterMessages(io.wabridge.proto.v1
                .GetNewsletterMessages.newBuilder().setNewsletter(NEWSLETTER).setCount(101)).build(),
                "get_newsletter_messages.count");
        rejected(ErrorCode.TEXT_TOO_LONG, envelope().setSendNewsletterPost(io.wabridge.proto.v1.SendNewsletterPost
                .newBuilder().setNewsletter(NEWSLETTER).setText("x".repeat(65_537))).build(), "send_newsletter_post.text");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendNewsletterPost(io.wabridge.proto.v1.SendNewsletterPost
                .newBuilder().setNewsletter(NEWSLETTER)).build(), "send_newsletter_post.text");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setReactToNewsletterPost(io.wabridge.proto.v1
                .ReactToNewsletterPost.newBuilder().setNewsletter(NEWSLETTER).setReaction("x")).build(),
                "react_to_newsletter_post.server_id");
        rejected(ErrorCode.TEXT_TOO_LONG, envelope().setCreateNewsletter(io.wabridge.proto.v1.CreateNewsletter
                .newBuilder().setName("n".repeat(101))).build(), "create_newsletter.name");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkNewsletterViewed(io.wabridge.proto.v1
                .MarkNewsletterViewed.newBuilder().setNewsletter(NEWSLETTER)).build(), "mark_newsletter_viewed.server_ids");
    }

    @Test
    void requestHistoryNeedsItsAnchorAndABoundedCount() {
        var anchor = io.wabridge.proto.v1.HistoryAnchor.newBuilder().setId("3EB0AAAA000000000001")
                .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L));
        assertEquals("15550002222@s.whatsapp.net", accepted(envelope().setRequestHistory(
                io.wabridge.proto.v1.RequestHistory.newBuilder().setChat("+15550002222").setBefore(anchor)).build())
                .getRequestHistory().getChat());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setRequestHistory(io.wabridge.proto.v1.RequestHistory.newBuilder()
                .setChat(USER).setBefore(anchor.clone().clearTimestamp())).build(), "request_history.before");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setRequestHistory(io.wabridge.proto.v1.RequestHistory.newBuilder()
                .setChat(USER).setBefore(anchor).setCount(501)).build(), "request_history.count");
    }

    @Test
    void everyCommandAndContentKindHasAnAcceptedSample() {
        Set<CommandEnvelope.CommandCase> commands = EnumSet.noneOf(CommandEnvelope.CommandCase.class);
        Set<MessageContent.KindCase> kinds = EnumSet.noneOf(MessageContent.KindCase.class);
        for (CommandEnvelope sample : samples()) {
            assertSame(sample, validated(sample), "canonical input is returned as is, not rebuilt");
            assertEquals(sample, accepted(sample));
            commands.add(sample.getCommandCase());
            if (sample.hasSendMessage()) {
                kinds.add(sample.getSendMessage().getContent().getKindCase());
            }
        }
        // A command or content kind added to the contract needs validation and a sample here.
        assertEquals(EnumSet.complementOf(EnumSet.of(CommandEnvelope.CommandCase.COMMAND_NOT_SET)), commands);
        assertEquals(EnumSet.complementOf(EnumSet.of(MessageContent.KindCase.KIND_NOT_SET)), kinds);
    }

    // --- JID arguments ---

    @ParameterizedTest
    @ValueSource(strings = {"15550001111", "+15550001111", "15550001111@c.us", "15550001111:0@s.whatsapp.net"})
    void phoneNumbersAndLegacySpellingsBecomeTheCanonicalJid(String to) {
        CommandEnvelope command = envelope()
                .setSendMessage(SendMessage.newBuilder().setTo(to).setContent(text("hi"))).build();
        assertEquals(USER, accepted(command).getSendMessage().getTo());
    }

    @Test
    void everyJidArgumentIsMadeCanonical() {
        MessageRef bareRef = MessageRef.newBuilder().setId("X").setChat("+15550003333").setSender("15550004444")
                .build();
        CommandEnvelope command = envelope().setSendMessage(SendMessage.newBuilder().setTo("+15550001111")
                .setContent(MessageContent.newBuilder().setReaction(Reaction.newBuilder().setTarget(bareRef)))
                .setQuoted(Quote.newBuilder().setId("Q").setChat("15550005555").setSender("15550006666@c.us"))
                .addMentions("15550002222").addMentions("123456789012345@lid")).build();
        SendMessage m = accepted(command).getSendMessage();
        assertEquals(USER, m.getTo());
        assertEquals("15550003333@s.whatsapp.net", m.getContent().getReaction().getTarget().getChat());
        assertEquals("15550004444@s.whatsapp.net", m.getContent().getReaction().getTarget().getSender());
        assertEquals("15550005555@s.whatsapp.net", m.getQuoted().getChat());
        assertEquals("15550006666@s.whatsapp.net", m.getQuoted().getSender());
        assertEquals(List.of("15550002222@s.whatsapp.net", "123456789012345@lid"), m.getMentionsList());

        CommandEnvelope read = envelope().setMarkRead(MarkRead.newBuilder().setChat("15550001111")
                .addMessageIds("A")).build();
        assertEquals(USER, accepted(read).getMarkRead().getChat());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "acme",                           // neither JID nor phone number
        "+1 555 000 1111",                // spaces
        "155-5000-1111",                  // dashes
        "123456",                         // too short for a phone number
        "1234567890123456",               // too long for one
        "120363012345678901",             // a group id without @g.us
        "15550001111@",                   // empty server
        "@s.whatsapp.net",                // the server itself
        "15550001111:3@s.whatsapp.net",   // one device
        "15550001111@example.com",        // not a WhatsApp server
        "a@b@s.whatsapp.net",             // two '@'
        "user name@s.whatsapp.net"        // a space in the user
    })
    void malformedJidsAreInvalidJid(String to) {
        rejected(ErrorCode.INVALID_JID,
                envelope().setSendMessage(SendMessage.newBuilder().setTo(to).setContent(text("hi"))).build(),
                "send_message.to");
    }

    @Test
    void userArgumentsMustNameUsers() {
        rejected(ErrorCode.INVALID_JID, envelope().setSendMessage(SendMessage.newBuilder().setTo(GROUP)
                .setContent(text("hi")).addMentions(GROUP)).build(), "send_message.mentions[0]", "user");
        rejected(ErrorCode.INVALID_JID, envelope().setMarkRead(MarkRead.newBuilder().setChat(GROUP)
                .addMessageIds("A").setSender("status@broadcast")).build(), "mark_read.sender");
    }

    @Test
    void chatsMayBeGroupsBroadcastsAndNewsletters() {
        for (String chat : List.of(GROUP, "status@broadcast", "120363000000000000@newsletter", "123456789012345@lid")) {
            assertEquals(chat, accepted(envelope().setSendMessage(SendMessage.newBuilder().setTo(chat)
                    .setContent(text("hi"))).build()).getSendMessage().getTo());
        }
    }

    // --- send_message ---

    @Test
    void textUpToTheLimitIsAcceptedOneMoreIsTextTooLong() {
        accepted(send(text("x".repeat(CommandValidator.MAX_TEXT_LENGTH))));
        rejected(ErrorCode.TEXT_TOO_LONG, send(text("x".repeat(CommandValidator.MAX_TEXT_LENGTH + 1))),
                "send_message.content.text", "65537", "65536");
    }

    @Test
    void theLimitAppliesToExtendedTextAndEdits() {
        String tooLong = "y".repeat(CommandValidator.MAX_TEXT_LENGTH + 1);
        rejected(ErrorCode.TEXT_TOO_LONG, send(MessageContent.newBuilder()
                .setExtendedText(ExtendedText.newBuilder().setText(tooLong))), "extended_text.text");
        rejected(ErrorCode.TEXT_TOO_LONG, send(MessageContent.newBuilder().setEdit(Edit.newBuilder()
                .setTarget(MessageRef.newBuilder().setId("X")).setText(tooLong))), "edit.text");
    }

    @Test
    void theLimitCountsUtf16CodeUnits() {
        String emoji = "😀"; // two UTF-16 code units
        accepted(send(text(emoji.repeat(CommandValidator.MAX_TEXT_LENGTH / 2))));
        rejected(ErrorCode.TEXT_TOO_LONG, send(text(emoji.repeat(CommandValidator.MAX_TEXT_LENGTH / 2) + "x")));
    }

    @Test
    void missingPartsOfSendMessageAreInvalidCommand() {
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendMessage(SendMessage.newBuilder()
                .setContent(text("hi"))).build(), "send_message.to is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendMessage(SendMessage.newBuilder().setTo(USER)).build(),
                "send_message.content is required");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder()), "send_message.content", "text");
        rejected(ErrorCode.INVALID_COMMAND, send(text("")), "send_message.content.text is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendMessage(SendMessage.newBuilder().setTo(USER)
                .setContent(text("hi")).setQuoted(Quote.newBuilder().setSender(USER))).build(),
                "send_message.quoted.id is required");
    }

    @Test
    void aContentKindFromANewerProducerIsUnknownCommand() {
        rejected(ErrorCode.UNKNOWN_COMMAND, send(MessageContent.newBuilder().setUnknownFields(unknown(1020, "sticker"))),
                "send_message.content", "[1020]");
    }

    @Test
    void referencesNeedATargetWithAnId() {
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setReaction(Reaction.newBuilder()
                .setEmoji("👍"))), "send_message.content.reaction.target is required");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setRevoke(Revoke.newBuilder()
                .setTarget(MessageRef.newBuilder().setFromMe(true)))), "send_message.content.revoke.target.id");
        rejected(ErrorCode.INVALID_JID, send(MessageContent.newBuilder().setEdit(Edit.newBuilder()
                .setTarget(MessageRef.newBuilder().setId("X").setSender("bob")).setText("t"))),
                "send_message.content.edit.target.sender");
    }

    @Test
    void locationsMustBeOnEarth() {
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setLocation(Location.newBuilder()
                .setLatitude(91).setLongitude(0))), "latitude");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setLocation(Location.newBuilder()
                .setLatitude(0).setLongitude(-180.5))), "longitude");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setLocation(Location.newBuilder()
                .setLatitude(Double.NaN))), "latitude");
    }

    @Test
    void contactsNeedAVcard() {
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setContact(Contact.newBuilder()
                .setDisplayName("Ann"))), "contact.vcard is required");
    }

    @Test
    void pollsNeedTwoToTwelveDistinctOptions() {
        rejected(ErrorCode.INVALID_COMMAND, poll(List.of("only")), "has 1 options");
        List<String> thirteen = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            thirteen.add("o" + i);
        }
        rejected(ErrorCode.INVALID_COMMAND, poll(thirteen), "has 13 options");
        accepted(poll(thirteen.subList(0, 12)));
        rejected(ErrorCode.INVALID_COMMAND, poll(List.of("a", "b", "a")), "options[2] repeats options[0]");
        rejected(ErrorCode.INVALID_COMMAND, poll(List.of("a", "")), "options[1] is required");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setPoll(Poll.newBuilder()
                .setName("Q").addOptions("a").addOptions("b").setSelectableCount(3))), "selectable_count 3");
        rejected(ErrorCode.INVALID_COMMAND, send(MessageContent.newBuilder().setPoll(Poll.newBuilder()
                .addOptions("a").addOptions("b"))), "poll.name is required");
    }

    private static CommandEnvelope poll(List<String> options) {
        return send(MessageContent.newBuilder().setPoll(Poll.newBuilder().setName("Q").addAllOptions(options)));
    }

    // --- receipts, presence, chat state, connect ---

    @Test
    void markReadNeedsIdsAndInGroupsTheSender() {
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkRead(MarkRead.newBuilder().setChat(USER)).build(),
                "mark_read.message_ids is empty");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkRead(MarkRead.newBuilder().setChat(USER)
                .addMessageIds("A").addMessageIds("")).build(), "mark_read.message_ids[1] is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkRead(MarkRead.newBuilder().setChat(GROUP)
                .addMessageIds("A")).build(), "mark_read.sender is required in a group");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setMarkRead(MarkRead.newBuilder().addMessageIds("A")).build(),
                "mark_read.chat is required");
    }

    @Test
    void sendReceiptTakesOnlyTypesAnApplicationSends() {
        SendReceipt.Builder r = SendReceipt.newBuilder().setChat(USER).addMessageIds("A");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendReceipt(r.clone()).build(), "send_receipt.type is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendReceipt(r.clone().setType(ReceiptType.SERVER_ERROR))
                .build(), "SERVER_ERROR cannot be sent");
        rejected(ErrorCode.UNKNOWN_COMMAND, envelope().setSendReceipt(r.clone().setTypeValue(77)).build(),
                "send_receipt.type 77");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendReceipt(SendReceipt.newBuilder().setChat(GROUP)
                .addMessageIds("A").setType(ReceiptType.READ)).build(), "send_receipt.sender is required in a group");
    }

    @Test
    void presenceAndChatStateNeedTheirValues() {
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendPresence(SendPresence.getDefaultInstance()).build(),
                "send_presence.presence is required");
        rejected(ErrorCode.UNKNOWN_COMMAND, envelope().setSendPresence(SendPresence.newBuilder().setPresenceValue(9))
                .build(), "send_presence.presence 9");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendChatstate(SendChatState.newBuilder().setChat(USER))
                .build(), "send_chatstate.state is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSendChatstate(SendChatState.newBuilder()
                .setState(ChatState.PAUSED)).build(), "send_chatstate.chat is required");
    }

    @Test
    void presenceSubscriptionsNameOneUser() {
        assertEquals(USER, accepted(envelope().setSubscribePresence(SubscribePresence.newBuilder()
                .setJid(USER.substring(0, USER.indexOf('@')))).build()).getSubscribePresence().getJid(),
                "a bare phone number becomes the user's JID");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setSubscribePresence(SubscribePresence.getDefaultInstance())
                .build(), "subscribe_presence.jid is required");
        rejected(ErrorCode.INVALID_JID, envelope().setSubscribePresence(SubscribePresence.newBuilder().setJid(GROUP))
                .build(), "subscribe_presence.jid");
    }

    @Test
    void pairingCodeNeedsAnInternationalPhoneNumber() {
        assertEquals("15550001111", accepted(envelope().setConnect(Connect.newBuilder().setPairingCode(
                PairingCodePairing.newBuilder().setPhone("+15550001111"))).build())
                .getConnect().getPairingCode().getPhone());
        rejected(ErrorCode.INVALID_COMMAND, envelope().setConnect(Connect.newBuilder().setPairingCode(
                PairingCodePairing.getDefaultInstance())).build(), "connect.pairing_code.phone is required");
        rejected(ErrorCode.INVALID_COMMAND, envelope().setConnect(Connect.newBuilder().setPairingCode(
                PairingCodePairing.newBuilder().setPhone("555-0100"))).build(), "international format");
    }

    @Test
    void aPairingMethodFromANewerProducerIsUnknownCommand() {
        rejected(ErrorCode.UNKNOWN_COMMAND, envelope().setConnect(Connect.newBuilder()
                .setUnknownFields(unknown(1003, "passkey"))).build(), "connect", "[1003]");
    }

    @Test
    void commandIdsAreBounded() {
        accepted(envelope().setCommandId("c".repeat(128)).setLogout(Logout.getDefaultInstance()).build());
        var e = assertThrows(InvalidCommandException.class, () -> decoder.decode(Records.record("acme",
                envelope().setCommandId("c".repeat(129)).setLogout(Logout.getDefaultInstance()).build().toByteArray())));
        assertEquals(ErrorCode.INVALID_COMMAND, e.code());
        assertTrue(e.getMessage().contains("command_id is 129 characters"), e.getMessage());
    }
}
