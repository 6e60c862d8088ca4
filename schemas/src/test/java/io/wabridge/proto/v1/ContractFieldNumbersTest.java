package io.wabridge.proto.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins every field number and enum number of the wabridge.v1 contract. Each field is encoded on its own and its
 * bytes compared with the tag this table promises, so renumbering a field or changing its wire type fails here.
 * A field added to the contract must be added to the table (the table and the schema must list the same fields).
 */
class ContractFieldNumbersTest {

    /** message.field number wire-type, for every field of every wabridge.v1 message. */
    private static final String FIELDS = """
            CommandEnvelope.set_push_name 90 LEN
            CommandEnvelope.get_push_name 91 LEN
            CommandEnvelope.set_about 92 LEN
            CommandEnvelope.set_profile_picture 93 LEN
            CommandEnvelope.remove_profile_picture 94 LEN
            CommandEnvelope.get_profile_picture 95 LEN
            CommandEnvelope.get_about 96 LEN
            CommandEnvelope.check_on_whatsapp 97 LEN
            CommandEnvelope.get_business_profile 98 LEN
            EventEnvelope.profile_update 75 LEN
            CommandResult.Ok.picture 45 LEN
            CommandResult.Ok.about 46 LEN
            CommandResult.Ok.on_whatsapp 47 LEN
            CommandResult.Ok.business_profile 48 LEN
            CommandResult.Ok.push_name 49 LEN
            SetPushName.name 1 LEN
            SetAbout.text 1 LEN
            SetProfilePicture.target 1 LEN
            SetProfilePicture.image 2 LEN
            RemoveProfilePicture.target 1 LEN
            GetProfilePicture.jid 1 LEN
            GetProfilePicture.preview 2 VARINT
            GetAbout.jid 1 LEN
            CheckOnWhatsApp.phones 1 LEN
            GetBusinessProfile.jid 1 LEN
            ProfilePicture.jid 1 LEN
            ProfilePicture.id 2 LEN
            ProfilePicture.url 3 LEN
            ProfilePicture.direct_path 4 LEN
            ProfilePicture.preview 5 VARINT
            About.jid 1 LEN
            About.text 2 LEN
            About.set_at 3 LEN
            OnWhatsApp.query 1 LEN
            OnWhatsApp.registered 2 VARINT
            OnWhatsApp.pn 3 LEN
            OnWhatsApp.lid 4 LEN
            OnWhatsApp.business 5 VARINT
            OnWhatsApp.verified_name 6 LEN
            BusinessProfile.jid 1 LEN
            BusinessProfile.description 2 LEN
            BusinessProfile.address 3 LEN
            BusinessProfile.email 4 LEN
            BusinessProfile.websites 5 LEN
            BusinessProfile.categories 6 LEN
            BusinessProfile.hours_time_zone 7 LEN
            BusinessProfile.hours 8 LEN
            BusinessHours.day_of_week 1 LEN
            BusinessHours.mode 2 LEN
            BusinessHours.open_minutes 3 VARINT
            BusinessHours.close_minutes 4 VARINT
            Attribute.name 1 LEN
            Attribute.value 2 LEN
            ProfileUpdate.jid 1 LEN
            ProfileUpdate.kind 2 VARINT
            ProfileUpdate.author 3 LEN
            ProfileUpdate.picture_id 4 LEN
            ProfileUpdate.about 5 LEN
            ProfileUpdate.tag 6 LEN
            ProfileUpdate.attributes 7 LEN
            ProfileUpdate.timestamp 8 LEN
            MessageEvent.history 55 VARINT
            MessageEvent.starred 90 VARINT
            MessageEvent.labels 91 LEN
            EventEnvelope.history_sync 60 LEN
            CommandEnvelope.request_history 75 LEN
            HistorySyncEvent.sync_type 1 VARINT
            HistorySyncEvent.chunk_order 2 VARINT
            HistorySyncEvent.part 3 VARINT
            HistorySyncEvent.last_part 4 VARINT
            HistorySyncEvent.progress 5 VARINT
            HistorySyncEvent.conversations 6 LEN
            HistorySyncEvent.messages 7 LEN
            HistorySyncEvent.push_names 8 LEN
            HistorySyncEvent.lid_mappings 9 LEN
            HistorySyncEvent.notification_id 10 LEN
            HistorySyncEvent.request_id 11 LEN
            HistorySyncEvent.error 12 LEN
            HistoryConversation.id 1 LEN
            HistoryConversation.name 2 LEN
            HistoryConversation.pn 3 LEN
            HistoryConversation.lid 4 LEN
            HistoryConversation.unread_count 5 VARINT
            HistoryConversation.archived 6 VARINT
            HistoryConversation.pinned 7 VARINT
            HistoryConversation.marked_as_unread 8 VARINT
            HistoryConversation.mute_end 9 LEN
            HistoryConversation.last_message_at 10 LEN
            HistoryConversation.ephemeral_expiration 11 VARINT
            HistoryConversation.read_only 12 VARINT
            HistoryConversation.end_of_history 13 VARINT
            HistoryConversation.message_count 14 VARINT
            HistoryPushName.jid 1 LEN
            HistoryPushName.name 2 LEN
            HistoryLidMapping.pn 1 LEN
            HistoryLidMapping.lid 2 LEN
            HistorySyncError.code 1 LEN
            HistorySyncError.message 2 LEN
            RequestHistory.chat 1 LEN
            RequestHistory.before 2 LEN
            RequestHistory.count 3 VARINT
            HistoryAnchor.id 1 LEN
            HistoryAnchor.from_me 2 VARINT
            HistoryAnchor.timestamp 3 LEN
            RequestHistory.from_archive 4 VARINT
            CommandEnvelope.get_messages 110 LEN
            CommandEnvelope.resync_app_state 111 LEN
            CommandResult.Ok.messages 55 LEN
            GetMessages.chat 1 LEN
            GetMessages.before 2 LEN
            GetMessages.count 3 VARINT
            ResyncAppState.collections 1 LEN
            AppStateError.fatal 6 VARINT
            AppStateError.attempt 7 VARINT
            AppStateError.retry_in_seconds 8 VARINT
            Me.pn 1 LEN
            Me.lid 2 LEN
            Sender.pn 1 LEN
            Sender.lid 2 LEN
            MessageContent.text 1 LEN
            MessageContent.extended_text 2 LEN
            MessageContent.reaction 3 LEN
            MessageContent.edit 4 LEN
            MessageContent.revoke 5 LEN
            MessageContent.location 6 LEN
            MessageContent.contact 7 LEN
            MessageContent.poll 8 LEN
            MessageContent.media 20 LEN
            Media.kind 1 VARINT
            Media.mimetype 2 LEN
            Media.caption 3 LEN
            Media.file_name 4 LEN
            Media.width 5 VARINT
            Media.height 6 VARINT
            Media.duration 7 VARINT
            Media.jpeg_thumbnail 8 LEN
            Media.waveform 9 LEN
            Media.animated 10 VARINT
            Media.size 11 VARINT
            Media.sha256 12 LEN
            Media.blob_ref 13 LEN
            Media.direct_path 14 LEN
            Media.url 15 LEN
            Media.media_key 16 LEN
            Media.file_enc_sha256 17 LEN
            Media.media_key_timestamp 18 VARINT
            Media.fetch_url 19 LEN
            Media.data 20 LEN
            MessageRef.id 1 LEN
            MessageRef.chat 2 LEN
            MessageRef.sender 3 LEN
            MessageRef.from_me 4 VARINT
            Quote.id 1 LEN
            Quote.chat 2 LEN
            Quote.sender 3 LEN
            Quote.from_me 4 VARINT
            Quote.content 5 LEN
            ExtendedText.text 1 LEN
            ExtendedText.matched_text 2 LEN
            ExtendedText.canonical_url 3 LEN
            ExtendedText.title 4 LEN
            ExtendedText.description 5 LEN
            ExtendedText.jpeg_thumbnail 6 LEN
            Reaction.target 1 LEN
            Reaction.emoji 2 LEN
            Edit.target 1 LEN
            Edit.text 2 LEN
            Revoke.target 1 LEN
            Location.latitude 1 I64
            Location.longitude 2 I64
            Location.name 3 LEN
            Location.address 4 LEN
            Location.url 5 LEN
            Contact.display_name 1 LEN
            Contact.vcard 2 LEN
            Poll.name 1 LEN
            Poll.options 2 LEN
            Poll.selectable_count 3 VARINT
            Connect.qr 1 LEN
            Connect.pairing_code 2 LEN
            PairingCodePairing.phone 1 LEN
            SendMessage.to 1 LEN
            SendMessage.content 2 LEN
            SendMessage.quoted 3 LEN
            SendMessage.mentions 4 LEN
            MarkRead.chat 1 LEN
            MarkRead.message_ids 2 LEN
            MarkRead.sender 3 LEN
            SendReceipt.chat 1 LEN
            SendReceipt.message_ids 2 LEN
            SendReceipt.type 3 VARINT
            SendReceipt.sender 4 LEN
            SendPresence.presence 1 VARINT
            SendChatState.chat 1 LEN
            SendChatState.state 2 VARINT
            SubscribePresence.jid 1 LEN
            ConnectionUpdate.state 1 VARINT
            ConnectionUpdate.reason 2 LEN
            ConnectionUpdate.will_reconnect 3 VARINT
            QrCode.code 1 LEN
            QrCode.expires_at 2 LEN
            PairingCode.code 1 LEN
            Paired.me 1 LEN
            Paired.platform 2 LEN
            LoggedOut.reason 1 LEN
            MessageEvent.id 1 LEN
            MessageEvent.chat 2 LEN
            MessageEvent.sender 3 LEN
            MessageEvent.push_name 4 LEN
            MessageEvent.timestamp 5 LEN
            MessageEvent.content 6 LEN
            MessageEvent.quoted 7 LEN
            MessageEvent.from_me 8 VARINT
            MessageEvent.raw 9 LEN
            MessageEvent.mentions 10 LEN
            ReceiptEvent.message_ids 1 LEN
            ReceiptEvent.type 2 VARINT
            ReceiptEvent.sender 3 LEN
            ReceiptEvent.chat 4 LEN
            ReceiptEvent.timestamp 5 LEN
            PresenceEvent.jid 1 LEN
            PresenceEvent.presence 2 VARINT
            PresenceEvent.last_seen 3 LEN
            ChatStateEvent.chat 1 LEN
            ChatStateEvent.sender 2 LEN
            ChatStateEvent.state 3 VARINT
            IdentityChanged.jid 1 LEN
            DecryptFailed.id 1 LEN
            DecryptFailed.chat 2 LEN
            DecryptFailed.sender 3 LEN
            DecryptFailed.reason 4 LEN
            DecryptFailed.will_retry 5 VARINT
            CommandResult.ok 1 LEN
            CommandResult.error 2 LEN
            CommandResult.Ok.message_id 1 LEN
            CommandResult.Ok.media 35 LEN
            CommandResult.Ok.contacts 20 LEN
            CommandResult.Ok.chats 21 LEN
            CommandResult.Error.code 1 LEN
            CommandResult.Error.message 2 LEN
            CommandEnvelope.command_id 1 LEN
            CommandEnvelope.session_id 2 LEN
            CommandEnvelope.issued_at 3 LEN
            CommandEnvelope.connect 10 LEN
            CommandEnvelope.disconnect 11 LEN
            CommandEnvelope.logout 12 LEN
            CommandEnvelope.send_message 20 LEN
            CommandEnvelope.mark_read 21 LEN
            CommandEnvelope.send_receipt 22 LEN
            CommandEnvelope.send_presence 30 LEN
            CommandEnvelope.send_chatstate 31 LEN
            CommandEnvelope.subscribe_presence 32 LEN
            CommandEnvelope.download_media 50 LEN
            DownloadMedia.message_id 1 LEN
            DownloadMedia.chat 2 LEN
            DownloadMedia.from_me 3 VARINT
            DownloadMedia.sender 4 LEN
            DownloadMedia.media 5 LEN
            MediaStored.message_id 1 LEN
            MediaStored.chat 2 LEN
            MediaStored.from_me 3 VARINT
            MediaStored.sender 4 LEN
            MediaStored.media 5 LEN
            MediaFailed.message_id 1 LEN
            MediaFailed.chat 2 LEN
            MediaFailed.from_me 3 VARINT
            MediaFailed.sender 4 LEN
            MediaFailed.code 5 VARINT
            MediaFailed.reason 6 LEN
            MediaFailed.media 7 LEN
            CommandEnvelope.get_contacts 70 LEN
            CommandEnvelope.get_chats 71 LEN
            CommandEnvelope.archive_chat 60 LEN
            CommandEnvelope.pin_chat 61 LEN
            CommandEnvelope.mute_chat 62 LEN
            CommandEnvelope.mark_chat_read 63 LEN
            CommandEnvelope.star_message 64 LEN
            CommandEnvelope.set_contact_name 65 LEN
            EventEnvelope.event_id 1 LEN
            EventEnvelope.session_id 2 LEN
            EventEnvelope.occurred_at 3 LEN
            EventEnvelope.me 4 LEN
            EventEnvelope.causation_id 5 LEN
            EventEnvelope.connection_update 10 LEN
            EventEnvelope.command_result 11 LEN
            EventEnvelope.media_stored 45 LEN
            EventEnvelope.media_failed 46 LEN
            EventEnvelope.qr 12 LEN
            EventEnvelope.pairing_code 13 LEN
            EventEnvelope.paired 14 LEN
            EventEnvelope.logged_out 15 LEN
            EventEnvelope.message 20 LEN
            EventEnvelope.receipt 21 LEN
            EventEnvelope.decrypt_failed 22 LEN
            EventEnvelope.identity_changed 23 LEN
            EventEnvelope.presence 30 LEN
            EventEnvelope.chatstate 31 LEN
            CreateGroup.subject 1 LEN
            CreateGroup.participants 2 LEN
            UpdateGroupParticipants.group 1 LEN
            UpdateGroupParticipants.action 2 VARINT
            UpdateGroupParticipants.participants 3 LEN
            SetGroupSubject.group 1 LEN
            SetGroupSubject.subject 2 LEN
            SetGroupDescription.group 1 LEN
            SetGroupDescription.description 2 LEN
            SetGroupSettings.group 1 LEN
            SetGroupSettings.announcement 2 VARINT
            SetGroupSettings.locked 3 VARINT
            SetGroupSettings.approval_required 4 VARINT
            SetGroupSettings.ephemeral_seconds 5 VARINT
            LeaveGroup.group 1 LEN
            GetGroupInviteCode.group 1 LEN
            GetGroupInviteCode.reset 2 VARINT
            JoinGroup.code 1 LEN
            GetGroupMetadata.group 1 LEN
            GetGroupMetadata.invite_code 2 LEN
            GroupMetadata.jid 1 LEN
            GroupMetadata.subject 2 LEN
            GroupMetadata.owner 3 LEN
            GroupMetadata.created_at 4 LEN
            GroupMetadata.description 5 LEN
            GroupMetadata.announcement 6 VARINT
            GroupMetadata.locked 7 VARINT
            GroupMetadata.approval_required 8 VARINT
            GroupMetadata.ephemeral_seconds 9 VARINT
            GroupMetadata.addressing_mode 10 VARINT
            GroupMetadata.participants 11 LEN
            GroupMetadata.size 12 VARINT
            GroupParticipant.jid 1 LEN
            GroupParticipant.pn 2 LEN
            GroupParticipant.lid 3 LEN
            GroupParticipant.role 4 VARINT
            ParticipantResult.jid 1 LEN
            ParticipantResult.status 2 VARINT
            ParticipantResult.code 3 VARINT
            ParticipantResult.invite_code 4 LEN
            GroupUpdate.group 1 LEN
            GroupUpdate.kind 2 VARINT
            GroupUpdate.actor 3 LEN
            GroupUpdate.participants 4 LEN
            GroupUpdate.subject 5 LEN
            GroupUpdate.description 6 LEN
            GroupUpdate.enabled 7 VARINT
            GroupUpdate.ephemeral_seconds 8 VARINT
            GroupUpdate.invite_code 9 LEN
            GroupUpdate.tag 10 LEN
            GroupUpdate.timestamp 11 LEN
            CommandResult.Ok.group 10 LEN
            CommandResult.Ok.groups 11 LEN
            CommandResult.Ok.participants 12 LEN
            CommandResult.Ok.invite_code 13 LEN
            CommandResult.Ok.group_jid 14 LEN
            CommandResult.Ok.pending_approval 15 VARINT
            CommandEnvelope.create_group 40 LEN
            CommandEnvelope.update_group_participants 41 LEN
            CommandEnvelope.set_group_subject 42 LEN
            CommandEnvelope.set_group_description 43 LEN
            CommandEnvelope.set_group_settings 44 LEN
            CommandEnvelope.leave_group 45 LEN
            CommandEnvelope.get_group_invite_code 46 LEN
            CommandEnvelope.join_group 47 LEN
            CommandEnvelope.get_group_metadata 48 LEN
            CommandEnvelope.list_groups 49 LEN
            EventEnvelope.group_update 40 LEN
            EventEnvelope.lid_mapping 50 LEN
            EventEnvelope.contacts_update 51 LEN
            EventEnvelope.push_name 52 LEN
            LidMappingEvent.pn 1 LEN
            LidMappingEvent.lid 2 LEN
            LidMappingEvent.source 3 LEN
            LidMappingEvent.previous_lid 4 LEN
            ContactInfo.jid 1 LEN
            ContactInfo.pn 2 LEN
            ContactInfo.lid 3 LEN
            ContactInfo.full_name 4 LEN
            ContactInfo.first_name 5 LEN
            ContactInfo.push_name 6 LEN
            ContactsUpdate.contacts 1 LEN
            PushNameEvent.jid 1 LEN
            PushNameEvent.pn 2 LEN
            PushNameEvent.lid 3 LEN
            PushNameEvent.push_name 4 LEN
            PushNameEvent.previous 5 LEN
            ChatInfo.jid 1 LEN
            ChatInfo.name 2 LEN
            ChatInfo.last_message_at 3 LEN
            ChatInfo.unread 4 VARINT
            ChatInfo.archived 5 VARINT
            ChatInfo.pinned 6 VARINT
            ChatInfo.mute_end 7 VARINT
            ChatInfo.labels 8 LEN
            CommandEnvelope.get_labels 135 LEN
            CommandEnvelope.edit_label 136 LEN
            CommandEnvelope.label_chat 137 LEN
            CommandResult.Ok.labels 70 LEN
            CommandResult.Ok.marked_read 71 LEN
            CommandResult.MarkedRead.chat 1 LEN
            CommandResult.MarkedRead.message_count 2 VARINT
            CommandResult.MarkedRead.read_at 3 LEN
            LabelInfo.id 1 LEN
            LabelInfo.name 2 LEN
            LabelInfo.color 3 VARINT
            GetLabels.limit 1 VARINT
            GetLabels.cursor 2 LEN
            LabelsPage.labels 1 LEN
            LabelsPage.next_cursor 2 LEN
            EditLabel.label_id 1 LEN
            EditLabel.name 2 LEN
            EditLabel.color 3 VARINT
            EditLabel.deleted 4 VARINT
            LabelChat.label_id 1 LEN
            LabelChat.chat 2 LEN
            LabelChat.message_id 3 LEN
            LabelChat.labeled 4 VARINT
            GetContacts.limit 1 VARINT
            GetContacts.cursor 2 LEN
            GetChats.limit 1 VARINT
            GetChats.cursor 2 LEN
            ContactsPage.contacts 1 LEN
            ContactsPage.next_cursor 2 LEN
            ChatsPage.chats 1 LEN
            ChatsPage.next_cursor 2 LEN
            EventEnvelope.chat_update 55 LEN
            EventEnvelope.app_state_error 56 LEN
            ArchiveChat.chat 1 LEN
            ArchiveChat.archived 2 VARINT
            ArchiveChat.last_message_timestamp 3 VARINT
            PinChat.chat 1 LEN
            PinChat.pinned 2 VARINT
            MuteChat.chat 1 LEN
            MuteChat.muted 2 VARINT
            MuteChat.mute_until 3 LEN
            MarkChatRead.chat 1 LEN
            MarkChatRead.read 2 VARINT
            MarkChatRead.last_message_timestamp 3 VARINT
            StarMessage.chat 1 LEN
            StarMessage.message_id 2 LEN
            StarMessage.from_me 3 VARINT
            StarMessage.sender 4 LEN
            StarMessage.starred 5 VARINT
            SetContactName.jid 1 LEN
            SetContactName.full_name 2 LEN
            SetContactName.first_name 3 LEN
            ChatUpdate.action 1 VARINT
            ChatUpdate.chat 2 LEN
            ChatUpdate.value 3 VARINT
            ChatUpdate.mute_until 4 LEN
            ChatUpdate.message_id 5 LEN
            ChatUpdate.from_me 6 VARINT
            ChatUpdate.sender 7 LEN
            ChatUpdate.label_id 8 LEN
            ChatUpdate.label_name 9 LEN
            ChatUpdate.label_color 10 VARINT
            ChatUpdate.label_deleted 11 VARINT
            ChatUpdate.name 12 LEN
            ChatUpdate.first_name 13 LEN
            ChatUpdate.lid 14 LEN
            ChatUpdate.pn 15 LEN
            ChatUpdate.collection 16 LEN
            ChatUpdate.version 17 VARINT
            ChatUpdate.from_snapshot 18 VARINT
            ChatUpdate.removed 19 VARINT
            ChatUpdate.action_time 20 LEN
            ChatUpdate.index 21 LEN
            ChatUpdate.raw_value 22 LEN
            AppStateError.collection 1 LEN
            AppStateError.version 2 VARINT
            AppStateError.kind 3 VARINT
            AppStateError.reason 4 LEN
            AppStateError.recovering 5 VARINT
            CommandEnvelope.follow_newsletter 100 LEN
            CommandEnvelope.unfollow_newsletter 101 LEN
            CommandEnvelope.get_newsletter_metadata 102 LEN
            CommandEnvelope.list_newsletters 103 LEN
            CommandEnvelope.get_newsletter_messages 104 LEN
            CommandEnvelope.send_newsletter_post 105 LEN
            CommandEnvelope.react_to_newsletter_post 106 LEN
            CommandEnvelope.mute_newsletter 107 LEN
            CommandEnvelope.create_newsletter 108 LEN
            CommandEnvelope.mark_newsletter_viewed 109 LEN
            EventEnvelope.newsletter_update 80 LEN
            CommandResult.Ok.newsletter 50 LEN
            CommandResult.Ok.newsletters 51 LEN
            CommandResult.Ok.newsletter_posts 52 LEN
            CommandResult.Ok.newsletter_server_id 53 VARINT
            CommandResult.Ok.live_updates_seconds 54 VARINT
            FollowNewsletter.newsletter 1 LEN
            UnfollowNewsletter.newsletter 1 LEN
            GetNewsletterMetadata.newsletter 1 LEN
            GetNewsletterMetadata.invite_code 2 LEN
            GetNewsletterMessages.newsletter 1 LEN
            GetNewsletterMessages.count 2 VARINT
            GetNewsletterMessages.before_server_id 3 VARINT
            GetNewsletterMessages.live_updates 4 VARINT
            SendNewsletterPost.newsletter 1 LEN
            SendNewsletterPost.text 2 LEN
            ReactToNewsletterPost.newsletter 1 LEN
            ReactToNewsletterPost.server_id 2 VARINT
            ReactToNewsletterPost.reaction 3 LEN
            MuteNewsletter.newsletter 1 LEN
            MuteNewsletter.mute 2 VARINT
            CreateNewsletter.name 1 LEN
            CreateNewsletter.description 2 LEN
            MarkNewsletterViewed.newsletter 1 LEN
            MarkNewsletterViewed.server_ids 2 VARINT
            NewsletterMetadata.jid 1 LEN
            NewsletterMetadata.name 2 LEN
            NewsletterMetadata.description 3 LEN
            NewsletterMetadata.invite_code 4 LEN
            NewsletterMetadata.subscribers 5 VARINT
            NewsletterMetadata.verification 6 LEN
            NewsletterMetadata.state 7 LEN
            NewsletterMetadata.role 8 VARINT
            NewsletterMetadata.muted 9 VARINT
            NewsletterMetadata.created_at 10 LEN
            NewsletterPost.server_id 1 VARINT
            NewsletterPost.message_id 2 LEN
            NewsletterPost.type 3 LEN
            NewsletterPost.timestamp 4 LEN
            NewsletterPost.content 5 LEN
            NewsletterPost.raw 6 LEN
            NewsletterPost.views 7 VARINT
            NewsletterPost.reactions 8 LEN
            NewsletterReaction.code 1 LEN
            NewsletterReaction.count 2 VARINT
            StanzaAttribute.name 1 LEN
            StanzaAttribute.value 2 LEN
            NewsletterUpdate.newsletter 1 LEN
            NewsletterUpdate.kind 2 VARINT
            NewsletterUpdate.posts 3 LEN
            NewsletterUpdate.muted 4 VARINT
            NewsletterUpdate.role 5 LEN
            NewsletterUpdate.name 6 LEN
            NewsletterUpdate.tag 7 LEN
            NewsletterUpdate.attributes 8 LEN
            NewsletterUpdate.timestamp 9 LEN
            CommandEnvelope.reject_call 80 LEN
            CommandEnvelope.set_call_settings 81 LEN
            EventEnvelope.call 70 LEN
            CommandResult.Ok.call_settings 40 LEN
            RejectCall.call_id 1 LEN
            SetCallSettings.auto_reject 1 VARINT
            SetCallSettings.reply_message 2 LEN
            CallSettings.auto_reject 1 VARINT
            CallSettings.reply_message 2 LEN
            CallEvent.call_id 1 LEN
            CallEvent.status 2 VARINT
            CallEvent.caller_pn 3 LEN
            CallEvent.caller_lid 4 LEN
            CallEvent.from 5 LEN
            CallEvent.video 6 VARINT
            CallEvent.group 7 VARINT
            CallEvent.group_jid 8 LEN
            CallEvent.elsewhere 9 VARINT
            CallEvent.automatic 10 VARINT
            CallEvent.reason 11 LEN
            CallEvent.tag 12 LEN
            CallEvent.attributes 13 LEN
            CallAttribute.name 1 LEN
            CallAttribute.value 2 LEN
            CallEvent.timestamp 14 LEN
            CallEvent.offline 15 VARINT
            CommandEnvelope.block_contact 82 LEN
            CommandEnvelope.unblock_contact 83 LEN
            CommandEnvelope.get_blocklist 84 LEN
            CommandEnvelope.get_privacy_settings 85 LEN
            CommandEnvelope.set_privacy_setting 86 LEN
            EventEnvelope.account_settings 71 LEN
            CommandResult.Ok.blocklist 41 LEN
            CommandResult.Ok.privacy_settings 42 LEN
            BlockContact.jid 1 LEN
            UnblockContact.jid 1 LEN
            SetPrivacySetting.category 1 VARINT
            SetPrivacySetting.value 2 VARINT
            PrivacySetting.category 1 VARINT
            PrivacySetting.value 2 VARINT
            PrivacySetting.name 3 LEN
            PrivacySetting.raw_value 4 LEN
            PrivacySettings.settings 1 LEN
            Blocklist.jids 1 LEN
            BlockChange.jid 1 LEN
            BlockChange.blocked 2 VARINT
            RawAttribute.name 1 LEN
            RawAttribute.value 2 LEN
            AccountSettingsEvent.kind 1 VARINT
            AccountSettingsEvent.block_changes 2 LEN
            AccountSettingsEvent.privacy_changes 3 LEN
            AccountSettingsEvent.elsewhere 4 VARINT
            AccountSettingsEvent.tag 5 LEN
            AccountSettingsEvent.attributes 6 LEN
            AccountSettingsEvent.timestamp 7 LEN
            CommandEnvelope.set_default_disappearing 125 LEN
            CommandEnvelope.set_chat_disappearing 126 LEN
            EventEnvelope.disappearing_update 95 LEN
            CommandResult.Ok.disappearing 63 LEN
            MessageEvent.expiration 85 VARINT
            SetDefaultDisappearing.seconds 1 VARINT
            SetChatDisappearing.chat 1 LEN
            SetChatDisappearing.seconds 2 VARINT
            DisappearingUpdate.scope 1 VARINT
            DisappearingUpdate.chat 2 LEN
            DisappearingUpdate.seconds 3 VARINT
            DisappearingUpdate.set_at 4 LEN
            DisappearingUpdate.actor 5 LEN
            DisappearingUpdate.elsewhere 6 VARINT
            CommandEnvelope.create_community 130 LEN
            CommandEnvelope.list_communities 131 LEN
            CommandEnvelope.link_community_group 132 LEN
            CommandEnvelope.unlink_community_group 133 LEN
            CommandEnvelope.get_community_metadata 134 LEN
            CommandResult.Ok.community 66 LEN
            CommandResult.Ok.communities 67 LEN
            CreateCommunity.subject 1 LEN
            CreateCommunity.description 2 LEN
            LinkCommunityGroup.community 1 LEN
            LinkCommunityGroup.group 2 LEN
            UnlinkCommunityGroup.community 1 LEN
            UnlinkCommunityGroup.group 2 LEN
            GetCommunityMetadata.jid 1 LEN
            Community.group 1 LEN
            Community.is_community 2 VARINT
            Community.membership_approval_mode 3 LEN
            Community.parent 4 LEN
            Community.announcement_group 5 VARINT
            Community.linked_groups 6 LEN
            Community.announcement_group_jid 7 LEN
            LinkedGroup.jid 1 LEN
            LinkedGroup.subject 2 LEN
            LinkedGroup.announcement 3 VARINT
            GroupUpdate.link 12 LEN
            GroupLink.group 1 LEN
            GroupLink.subject 2 LEN
            GroupLink.type 3 VARINT
            GroupLink.announcement_group 4 VARINT
            GroupLink.unlink_reason 5 LEN
            CommandEnvelope.send_status 120 LEN
            CommandEnvelope.mark_status_seen 121 LEN
            EventEnvelope.status 90 LEN
            StatusStyle.text_argb 1 VARINT
            StatusStyle.background_argb 2 VARINT
            StatusStyle.font 3 VARINT
            SendStatus.audience 1 LEN
            SendStatus.content 2 LEN
            SendStatus.style 3 LEN
            MarkStatusSeen.author 1 LEN
            MarkStatusSeen.message_ids 2 LEN
            StatusEvent.message 1 LEN
            StatusEvent.style 2 LEN
            """;

    /** enum.VALUE number, for every value of every wabridge.v1 enum. */
    private static final String ENUM_VALUES = """
            ErrorCode.PROFILE_NOT_FOUND 110
            ErrorCode.PICTURE_NOT_SET 111
            ErrorCode.PROFILE_NOT_AUTHORIZED 112
            ErrorCode.NOT_A_BUSINESS 113
            ErrorCode.INVALID_IMAGE 114
            ProfileUpdate.Kind.KIND_UNSPECIFIED 0
            ProfileUpdate.Kind.PICTURE_SET 1
            ProfileUpdate.Kind.PICTURE_REMOVED 2
            ProfileUpdate.Kind.ABOUT 3
            ProfileUpdate.Kind.UNKNOWN 4
            ErrorCode.HISTORY_BLOB_INVALID 70
            ErrorCode.HISTORY_PAYLOAD_INVALID 71
            ErrorCode.HISTORY_DOWNLOAD_FAILED 72
            ErrorCode.APP_STATE_FATAL 130
            HistorySyncType.HISTORY_SYNC_TYPE_UNSPECIFIED 0
            HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_BOOTSTRAP 1
            HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_STATUS_V3 2
            HistorySyncType.HISTORY_SYNC_TYPE_FULL 3
            HistorySyncType.HISTORY_SYNC_TYPE_RECENT 4
            HistorySyncType.HISTORY_SYNC_TYPE_PUSH_NAME 5
            HistorySyncType.HISTORY_SYNC_TYPE_NON_BLOCKING_DATA 6
            HistorySyncType.HISTORY_SYNC_TYPE_ON_DEMAND 7
            ReceiptType.RECEIPT_TYPE_UNSPECIFIED 0
            ReceiptType.DELIVERED 1
            ReceiptType.READ 2
            ReceiptType.READ_SELF 3
            ReceiptType.PLAYED 4
            ReceiptType.PLAYED_SELF 5
            ReceiptType.SENDER 6
            ReceiptType.INACTIVE 7
            ReceiptType.SERVER_ERROR 8
            ReceiptType.PEER_MSG 9
            Presence.PRESENCE_UNSPECIFIED 0
            Presence.AVAILABLE 1
            Presence.UNAVAILABLE 2
            ChatState.CHAT_STATE_UNSPECIFIED 0
            ChatState.COMPOSING 1
            ChatState.PAUSED 2
            ChatState.RECORDING 3
            ConnectionUpdate.State.STATE_UNSPECIFIED 0
            ConnectionUpdate.State.CONNECTING 1
            ConnectionUpdate.State.OPEN 2
            ConnectionUpdate.State.CLOSED 3
            ErrorCode.ERROR_CODE_UNSPECIFIED 0
            ErrorCode.INVALID_RECORD 1
            ErrorCode.UNSUPPORTED_CONTENT_TYPE 2
            ErrorCode.MISSING_SESSION_ID 3
            ErrorCode.INVALID_SESSION_ID 4
            ErrorCode.SESSION_ID_MISMATCH 5
            ErrorCode.UNKNOWN_COMMAND 6
            ErrorCode.INVALID_COMMAND 7
            ErrorCode.INVALID_JID 8
            ErrorCode.TEXT_TOO_LONG 9
            ErrorCode.UNKNOWN_SESSION 20
            ErrorCode.NOT_CONNECTED 21
            ErrorCode.TIMEOUT 22
            ErrorCode.SERVER_REJECTED 23
            ErrorCode.INTERNAL 24
            ErrorCode.MEDIA_TOO_LARGE 25
            ErrorCode.MEDIA_FETCH_FAILED 26
            ErrorCode.MEDIA_INVALID 27
            ErrorCode.MEDIA_UPLOAD_FAILED 28
            ErrorCode.MEDIA_DOWNLOAD_OFF 29
            ErrorCode.RATE_LIMITED 30
            ErrorCode.SESSION_LIMIT 31
            ErrorCode.APP_STATE_NOT_READY 65
            ErrorCode.APP_STATE_REJECTED 66
            ChatUpdate.Action.ACTION_UNSPECIFIED 0
            ChatUpdate.Action.ARCHIVE 1
            ChatUpdate.Action.PIN 2
            ChatUpdate.Action.MUTE 3
            ChatUpdate.Action.READ 4
            ChatUpdate.Action.DELETE 5
            ChatUpdate.Action.CLEAR 6
            ChatUpdate.Action.STAR 7
            ChatUpdate.Action.DELETE_MESSAGE 8
            ChatUpdate.Action.LABEL 9
            ChatUpdate.Action.LABEL_EDIT 10
            ChatUpdate.Action.CONTACT_NAME 11
            ChatUpdate.Action.PUSH_NAME 12
            ChatUpdate.Action.LOCALE 13
            ChatUpdate.Action.OTHER 14
            AppStateError.Kind.KIND_UNSPECIFIED 0
            AppStateError.Kind.MISSING_KEY 1
            AppStateError.Kind.MAC_MISMATCH 2
            AppStateError.Kind.MALFORMED 3
            AppStateError.Kind.STORE 4
            ErrorCode.NOT_A_PARTICIPANT 40
            ErrorCode.GROUP_NOT_FOUND 41
            ErrorCode.NOT_ADMIN 42
            ErrorCode.INVALID_INVITE 43
            ErrorCode.INVITE_REVOKED 44
            ErrorCode.GROUP_FULL 45
            ErrorCode.ALREADY_PARTICIPANT 46
            ErrorCode.GROUP_CHANGE_REJECTED 47
            UpdateGroupParticipants.Action.ACTION_UNSPECIFIED 0
            UpdateGroupParticipants.Action.ADD 1
            UpdateGroupParticipants.Action.REMOVE 2
            UpdateGroupParticipants.Action.PROMOTE 3
            UpdateGroupParticipants.Action.DEMOTE 4
            UpdateGroupParticipants.Action.APPROVE 5
            UpdateGroupParticipants.Action.REJECT 6
            GroupMetadata.AddressingMode.ADDRESSING_MODE_UNSPECIFIED 0
            GroupMetadata.AddressingMode.PN 1
            GroupMetadata.AddressingMode.LID 2
            GroupParticipant.Role.ROLE_UNSPECIFIED 0
            GroupParticipant.Role.MEMBER 1
            GroupParticipant.Role.ADMIN 2
            GroupParticipant.Role.SUPERADMIN 3
            ParticipantResult.Status.STATUS_UNSPECIFIED 0
            ParticipantResult.Status.OK 1
            ParticipantResult.Status.INVITE_REQUIRED 2
            ParticipantResult.Status.NOT_FOUND 3
            ParticipantResult.Status.RECENTLY_LEFT 4
            ParticipantResult.Status.ALREADY_PARTICIPANT 5
            ParticipantResult.Status.GROUP_FULL 6
            ParticipantResult.Status.FAILED 7
            GroupUpdate.Kind.KIND_UNSPECIFIED 0
            GroupUpdate.Kind.CREATED 1
            GroupUpdate.Kind.PARTICIPANTS_ADDED 2
            GroupUpdate.Kind.PARTICIPANTS_REMOVED 3
            GroupUpdate.Kind.PARTICIPANTS_LEFT 4
            GroupUpdate.Kind.PARTICIPANTS_PROMOTED 5
            GroupUpdate.Kind.PARTICIPANTS_DEMOTED 6
            GroupUpdate.Kind.PARTICIPANT_NUMBER_CHANGED 7
            GroupUpdate.Kind.SUBJECT 8
            GroupUpdate.Kind.DESCRIPTION 9
            GroupUpdate.Kind.ANNOUNCEMENT 10
            GroupUpdate.Kind.LOCKED 11
            GroupUpdate.Kind.APPROVAL_MODE 12
            GroupUpdate.Kind.EPHEMERAL 13
            GroupUpdate.Kind.INVITE_LINK 14
            GroupUpdate.Kind.MEMBERSHIP_REQUEST 15
            GroupUpdate.Kind.DELETED 16
            GroupUpdate.Kind.UNKNOWN 17
            MediaKind.MEDIA_KIND_UNSPECIFIED 0
            MediaKind.MEDIA_KIND_IMAGE 1
            MediaKind.MEDIA_KIND_VIDEO 2
            MediaKind.MEDIA_KIND_GIF 3
            MediaKind.MEDIA_KIND_AUDIO 4
            MediaKind.MEDIA_KIND_PTT 5
            MediaKind.MEDIA_KIND_DOCUMENT 6
            MediaKind.MEDIA_KIND_STICKER 7
            ErrorCode.NEWSLETTER_NOT_FOUND 120
            ErrorCode.NOT_FOLLOWING 121
            ErrorCode.NOT_NEWSLETTER_ADMIN 122
            NewsletterMetadata.Role.ROLE_UNSPECIFIED 0
            NewsletterMetadata.Role.NONE 1
            NewsletterMetadata.Role.GUEST 2
            NewsletterMetadata.Role.SUBSCRIBER 3
            NewsletterMetadata.Role.ADMIN 4
            NewsletterMetadata.Role.OWNER 5
            NewsletterUpdate.Kind.KIND_UNSPECIFIED 0
            NewsletterUpdate.Kind.POST 1
            NewsletterUpdate.Kind.LIVE_UPDATE 2
            NewsletterUpdate.Kind.JOINED 3
            NewsletterUpdate.Kind.LEFT 4
            NewsletterUpdate.Kind.MUTE_CHANGED 5
            NewsletterUpdate.Kind.SETTINGS 6
            NewsletterUpdate.Kind.UNKNOWN 7
            ErrorCode.CALL_NOT_FOUND 100
            ErrorCode.CALL_ALREADY_ENDED 101
            ErrorCode.CALL_ANSWERED 102
            SetCallSettings.AutoReject.AUTO_REJECT_DEFAULT 0
            SetCallSettings.AutoReject.AUTO_REJECT_OFF 1
            SetCallSettings.AutoReject.AUTO_REJECT_ON 2
            CallEvent.Status.CALL_STATUS_UNSPECIFIED 0
            CallEvent.Status.OFFER 1
            CallEvent.Status.ACCEPTED 2
            CallEvent.Status.REJECTED 3
            CallEvent.Status.TIMEOUT 4
            CallEvent.Status.TERMINATED 5
            CallEvent.Status.UNKNOWN 6
            ErrorCode.ALREADY_BLOCKED 103
            ErrorCode.NOT_BLOCKED 104
            ErrorCode.BLOCK_REJECTED 105
            ErrorCode.PRIVACY_REJECTED 106
            PrivacyCategory.PRIVACY_CATEGORY_UNSPECIFIED 0
            PrivacyCategory.LAST_SEEN 1
            PrivacyCategory.ONLINE 2
            PrivacyCategory.PROFILE_PHOTO 3
            PrivacyCategory.ABOUT 4
            PrivacyCategory.GROUPS_ADD 5
            PrivacyCategory.READ_RECEIPTS 6
            PrivacyCategory.CALLS_ADD 7
            PrivacyCategory.PRIVACY_CATEGORY_OTHER 100
            PrivacyValue.PRIVACY_VALUE_UNSPECIFIED 0
            PrivacyValue.EVERYONE 1
            PrivacyValue.CONTACTS 2
            PrivacyValue.CONTACTS_EXCEPT 3
            PrivacyValue.NOBODY 4
            PrivacyValue.SAME_AS_LAST_SEEN 5
            PrivacyValue.KNOWN 6
            PrivacyValue.PRIVACY_VALUE_OTHER 100
            AccountSettingsEvent.Kind.KIND_UNSPECIFIED 0
            AccountSettingsEvent.Kind.BLOCKLIST 1
            AccountSettingsEvent.Kind.PRIVACY 2
            AccountSettingsEvent.Kind.UNKNOWN 3
            ErrorCode.INVALID_DISAPPEARING_DURATION 145
            DisappearingScope.DISAPPEARING_SCOPE_UNSPECIFIED 0
            DisappearingScope.DISAPPEARING_SCOPE_DEFAULT 1
            DisappearingScope.DISAPPEARING_SCOPE_CHAT 2
            DisappearingScope.DISAPPEARING_SCOPE_GROUP 3
            ErrorCode.NOT_COMMUNITY_ADMIN 150
            ErrorCode.GROUP_ALREADY_LINKED 151
            ErrorCode.NOT_A_COMMUNITY 152
            ErrorCode.GROUP_NOT_LINKED 153
            GroupUpdate.Kind.LINKED 18
            GroupUpdate.Kind.UNLINKED 19
            GroupLink.Type.TYPE_UNSPECIFIED 0
            GroupLink.Type.PARENT 1
            GroupLink.Type.SUB_GROUP 2
            GroupLink.Type.SIBLING 3
            GroupLink.Type.OTHER 4
            ErrorCode.STATUS_EMPTY_AUDIENCE 140
            ErrorCode.STATUS_INVALID_AUDIENCE 141
            ErrorCode.STATUS_AUDIENCE_TOO_LARGE 142
            ErrorCode.STATUS_UNSUPPORTED_CONTENT 143
            """;

    private static final List<FileDescriptor> FILES = List.of(
            CommonProto.getDescriptor(), ContentProto.getDescriptor(), CommandsProto.getDescriptor(),
            EventsProto.getDescriptor(), EnvelopeProto.getDescriptor(), GroupsProto.getDescriptor(),
            MediaProto.getDescriptor(), ContactsProto.getDescriptor(), HistoryProto.getDescriptor(),
            AppStateProto.getDescriptor(), ProfileProto.getDescriptor(), NewslettersProto.getDescriptor(),
            CallsProto.getDescriptor(), BlockingProto.getDescriptor(), MessagesProto.getDescriptor(),
            DisappearingProto.getDescriptor(),
            CommunitiesProto.getDescriptor(), StatusProto.getDescriptor(), LabelsProto.getDescriptor());

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyFieldEncodesWithItsPinnedTag() {
        Map<String, FieldDescriptor> fields = contractFields();
        List<String> failures = new ArrayList<>();
        Map<String, String> pinned = new TreeMap<>();
        for (String line : FIELDS.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            pinned.put(parts[0], parts[1] + " " + parts[2]);
            FieldDescriptor field = fields.get(parts[0]);
            if (field == null) {
                failures.add(parts[0] + ": pinned but not in the schema");
                continue;
            }
            byte[] expected = expectedEncoding(Integer.parseInt(parts[1]), parts[2], field);
            byte[] actual = encodeAlone(field);
            if (!HEX.formatHex(expected).equals(HEX.formatHex(actual))) {
                failures.add(parts[0] + ": expected " + HEX.formatHex(expected) + " got " + HEX.formatHex(actual));
            }
        }
        for (String name : fields.keySet()) {
            if (!pinned.containsKey(name)) {
                failures.add(name + ": in the schema but not pinned here (add it to FIELDS)");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyEnumValueKeepsItsNumber() {
        Map<String, Integer> actual = new TreeMap<>();
        for (FileDescriptor file : FILES) {
            for (EnumDescriptor e : file.getEnumTypes()) {
                collect(e, actual);
            }
            for (Descriptor m : file.getMessageTypes()) {
                collectEnums(m, actual);
            }
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String line : ENUM_VALUES.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            expected.put(parts[0], Integer.parseInt(parts[1]));
        }
        assertEquals(expected, actual);
    }

    @Test
    void envelopesEncodeAsDocumented() {
        // Hand-written bytes for the two envelopes, read off the generated classes rather than descriptors.
        var command = CommandEnvelope.newBuilder()
                .setCommandId("c").setSessionId("s")
                .setIssuedAt(Timestamp.newBuilder().setSeconds(1))
                .setSendMessage(SendMessage.newBuilder().setTo("t").setContent(MessageContent.newBuilder().setText("x")))
                .build();
        // 1:"c" 2:"s" 3:{1:1} 20:{1:"t" 2:{1:"x"}}  (field 20, LEN = a2 01)
        assertArrayEquals(HEX.parseHex("0a0163" + "120173" + "1a020801" + "a201" + "08" + "0a0174" + "12030a0178"),
                command.toByteArray());

        var event = EventEnvelope.newBuilder()
                .setEventId("e").setSessionId("s").setCausationId("c")
                .setCommandResult(CommandResult.newBuilder()
                        .setError(CommandResult.Error.newBuilder().setCode("X").setMessage("m")))
                .build();
        // 1:"e" 2:"s" 5:"c" 11:{2:{1:"X" 2:"m"}}  (field 11, LEN = 5a)
        assertArrayEquals(HEX.parseHex("0a0165" + "120173" + "2a0163" + "5a08" + "1206" + "0a0158" + "12016d"),
                event.toByteArray());
    }

    /** Every field of every message (nested ones too) in the contract, by "Message.Nested.field". */
    private static Map<String, FieldDescriptor> contractFields() {
        Map<String, FieldDescriptor> fields = new LinkedHashMap<>();
        for (FileDescriptor file : FILES) {
            for (Descriptor m : file.getMessageTypes()) {
                collectFields(m, fields);
            }
        }
        return fields;
    }

    private static void collectFields(Descriptor message, Map<String, FieldDescriptor> into) {
        String prefix = message.getFullName().substring("wabridge.v1.".length());
        for (FieldDescriptor f : message.getFields()) {
            into.put(prefix + "." + f.getName(), f);
        }
        for (Descriptor nested : message.getNestedTypes()) {
            collectFields(nested, into);
        }
    }

    private static void collectEnums(Descriptor message, Map<String, Integer> into) {
        for (EnumDescriptor e : message.getEnumTypes()) {
            collect(e, into);
        }
        for (Descriptor nested : message.getNestedTypes()) {
            collectEnums(nested, into);
        }
    }

    private static void collect(EnumDescriptor e, Map<String, Integer> into) {
        String prefix = e.getFullName().substring("wabridge.v1.".length());
        for (EnumValueDescriptor v : e.getValues()) {
            into.put(prefix + "." + v.getName(), v.getNumber());
        }
    }

    /** The message holding only this field, set to a small non-default value, encoded. */
    private static byte[] encodeAlone(FieldDescriptor field) {
        Object value = switch (field.getJavaType()) {
            case STRING -> "x";
            case BYTE_STRING -> ByteString.copyFromUtf8("x");
            case BOOLEAN -> true;
            case INT -> 1;
            case LONG -> 1L;
            case DOUBLE -> 1.0d;
            case FLOAT -> 1.0f;
            case ENUM -> field.getEnumType().findValueByNumber(1);
            case MESSAGE -> DynamicMessage.getDefaultInstance(field.getMessageType());
        };
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(field.getContainingType());
        if (field.isRepeated()) {
            builder.addRepeatedField(field, value);
        } else {
            builder.setField(field, value);
        }
        return builder.build().toByteArray();
    }

    /** The tag for (number, wire type) followed by the encoding of the sample value encodeAlone uses. */
    private static byte[] expectedEncoding(int number, String wireType, FieldDescriptor field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int wire = switch (wireType) {
            case "VARINT" -> 0;
            case "I64" -> 1;
            case "LEN" -> 2;
            default -> throw new IllegalArgumentException(wireType);
        };
        long tag = ((long) number << 3) | wire;
        while (tag >= 0x80) {
            out.write((int) (tag & 0x7f) | 0x80);
            tag >>>= 7;
        }
        out.write((int) tag);
        byte[] value = switch (wireType) {
            case "VARINT" -> new byte[] {1};
            case "I64" -> HEX.parseHex("000000000000f03f"); // 1.0 little-endian
            default -> field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    ? new byte[] {0}              // empty sub-message: length 0
                    : new byte[] {1, 'x'};        // "x"
        };
        out.writeBytes(value);
        return out.toByteArray();
    }
}
