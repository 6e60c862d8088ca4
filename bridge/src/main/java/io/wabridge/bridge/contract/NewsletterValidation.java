package io.wabridge.bridge.contract;

import io.wabridge.client.jid.JidServer;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import java.util.function.Supplier;

/**
 * The newsletter commands' rules (newsletters.proto): newsletters canonical ({@code ...@newsletter}, or the id
 * alone), required fields, WhatsApp's lengths, counts in range. Part of {@link CommandValidator}.
 */
final class NewsletterValidation {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 2048;
    static final int MAX_POSTS = 100;

    private NewsletterValidation() {
    }

    /** Whether the command is a newsletter command. */
    static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case FOLLOW_NEWSLETTER, UNFOLLOW_NEWSLETTER, GET_NEWSLETTER_METADATA, LIST_NEWSLETTERS,
                 GET_NEWSLETTER_MESSAGES, SEND_NEWSLETTER_POST, REACT_TO_NEWSLETTER_POST, MUTE_NEWSLETTER,
                 CREATE_NEWSLETTER, MARK_NEWSLETTER_VIEWED -> true;
            default -> false;
        };
    }

    /** Checks {@code c}; canonical newsletter arguments are written through {@code builder}. */
    static void check(CommandEnvelope c, Supplier<CommandEnvelope.Builder> builder) throws InvalidCommandException {
        switch (c.getCommandCase()) {
            case FOLLOW_NEWSLETTER -> {
                String n = newsletter(c.getFollowNewsletter().getNewsletter(), "follow_newsletter.newsletter");
                if (n != c.getFollowNewsletter().getNewsletter()) {
                    builder.get().getFollowNewsletterBuilder().setNewsletter(n);
                }
            }
            case UNFOLLOW_NEWSLETTER -> {
                String n = newsletter(c.getUnfollowNewsletter().getNewsletter(), "unfollow_newsletter.newsletter");
                if (n != c.getUnfollowNewsletter().getNewsletter()) {
                    builder.get().getUnfollowNewsletterBuilder().setNewsletter(n);
                }
            }
            case GET_NEWSLETTER_METADATA -> {
                var m = c.getGetNewsletterMetadata();
                if (m.getNewsletter().isEmpty() == m.getInviteCode().isEmpty()) {
                    throw invalid("get_newsletter_metadata: set exactly one of newsletter and invite_code");
                }
                if (!m.getNewsletter().isEmpty()) {
                    String n = newsletter(m.getNewsletter(), "get_newsletter_metadata.newsletter");
                    if (n != m.getNewsletter()) {
                        builder.get().getGetNewsletterMetadataBuilder().setNewsletter(n);
                    }
                } else {
                    String code = m.getInviteCode();
                    String tail = code.substring(code.lastIndexOf('/') + 1);
                    if (!tail.matches("[A-Za-z0-9_-]{1,64}")) {
                        throw invalid("get_newsletter_metadata.invite_code: \"" + Printable.truncate(code)
                                + "\" is not an invite code or https://whatsapp.com/channel/ link");
                    }
                }
            }
            case GET_NEWSLETTER_MESSAGES -> {
                var m = c.getGetNewsletterMessages();
                String n = newsletter(m.getNewsletter(), "get_newsletter_messages.newsletter");
                if (n != m.getNewsletter()) {
                    builder.get().getGetNewsletterMessagesBuilder().setNewsletter(n);
                }
                if (m.getCount() > MAX_POSTS) {
                    throw invalid("get_newsletter_messages.count is " + Integer.toUnsignedString(m.getCount())
                            + "; at most " + MAX_POSTS);
                }
            }
            case SEND_NEWSLETTER_POST -> {
                var p = c.getSendNewsletterPost();
                String n = newsletter(p.getNewsletter(), "send_newsletter_post.newsletter");
                if (n != p.getNewsletter()) {
                    builder.get().getSendNewsletterPostBuilder().setNewsletter(n);
                }
                required(p.getText(), "send_newsletter_post.text");
                if (p.getText().length() > CommandValidator.MAX_TEXT_LENGTH) {
                    throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, "send_newsletter_post.text is "
                            + p.getText().length() + " characters long; WhatsApp's limit is "
                            + CommandValidator.MAX_TEXT_LENGTH);
                }
            }
            case REACT_TO_NEWSLETTER_POST -> {
                var r = c.getReactToNewsletterPost();
                String n = newsletter(r.getNewsletter(), "react_to_newsletter_post.newsletter");
                if (n != r.getNewsletter()) {
                    builder.get().getReactToNewsletterPostBuilder().setNewsletter(n);
                }
                if (r.getServerId() == 0) {
                    throw invalid("react_to_newsletter_post.server_id is required");
                }
                if (r.getReaction().length() > 32) {
                    throw invalid("react_to_newsletter_post.reaction is " + r.getReaction().length()
                            + " characters long; an emoji is at most 32");
                }
            }
            case MUTE_NEWSLETTER -> {
                String n = newsletter(c.getMuteNewsletter().getNewsletter(), "mute_newsletter.newsletter");
                if (n != c.getMuteNewsletter().getNewsletter()) {
                    builder.get().getMuteNewsletterBuilder().setNewsletter(n);
                }
            }
            case CREATE_NEWSLETTER -> {
                var cr = c.getCreateNewsletter();
                required(cr.getName(), "create_newsletter.name");
                if (cr.getName().length() > MAX_NAME_LENGTH) {
                    throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, "create_newsletter.name is "
                            + cr.getName().length() + " characters long; WhatsApp's limit is " + MAX_NAME_LENGTH);
                }
                if (cr.getDescription().length() > MAX_DESCRIPTION_LENGTH) {
                    throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, "create_newsletter.description is "
                            + cr.getDescription().length() + " characters long; WhatsApp's limit is "
                            + MAX_DESCRIPTION_LENGTH);
                }
            }
            case MARK_NEWSLETTER_VIEWED -> {
                var v = c.getMarkNewsletterViewed();
                String n = newsletter(v.getNewsletter(), "mark_newsletter_viewed.newsletter");
                if (n != v.getNewsletter()) {
                    builder.get().getMarkNewsletterViewedBuilder().setNewsletter(n);
                }
                if (v.getServerIdsCount() == 0 || v.getServerIdsCount() > MAX_POSTS) {
                    throw invalid("mark_newsletter_viewed.server_ids names " + v.getServerIdsCount()
                            + " posts; name 1 to " + MAX_POSTS);
                }
                if (v.getServerIdsList().contains(0L)) {
                    throw invalid("mark_newsletter_viewed.server_ids: 0 is not a post's server id");
                }
            }
            default -> { } // LIST_NEWSLETTERS: no arguments
        }
    }

    /** A newsletter JID, or its id alone (digits) as that JID; the same instance when already canonical. */
    static String newsletter(String value, String field) throws InvalidCommandException {
        required(value, field);
        String suffix = "@" + JidServer.NEWSLETTER;
        String id = value.endsWith(suffix) ? value.substring(0, value.length() - suffix.length()) : value;
        if (!id.matches("[0-9]{1,30}")) {
            throw new InvalidCommandException(ErrorCode.INVALID_JID, field + ": \"" + Printable.truncate(value)
                    + "\" is neither a newsletter JID (...@newsletter) nor a newsletter id (digits)");
        }
        return id == value ? value + suffix : value;
    }

    private static void required(String value, String field) throws InvalidCommandException {
        if (value.isEmpty()) {
            throw invalid(field + " is required");
        }
    }

    private static InvalidCommandException invalid(String message) {
        return new InvalidCommandException(ErrorCode.INVALID_COMMAND, message);
    }
}
