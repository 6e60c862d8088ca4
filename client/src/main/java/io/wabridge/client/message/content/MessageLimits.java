package io.wabridge.client.message.content;

import java.util.HashSet;
import java.util.List;

/**
 * Limits WhatsApp applies to what we send. Checked before encoding outgoing content only: received content is
 * decoded whatever its size.
 */
public final class MessageLimits {

    /**
     * WhatsApp's maximum text message length: 65,536 characters. Counted in UTF-16 code units, as the WhatsApp
     * Web client (JavaScript strings) counts them; an emoji outside the BMP counts 2.
     */
    public static final int MAX_TEXT_LENGTH = 65_536;
    /** WhatsApp polls offer at most 12 options. */
    public static final int MAX_POLL_OPTIONS = 12;

    private MessageLimits() {
    }

    /** @throws TextTooLongException if {@code text} is longer than {@link #MAX_TEXT_LENGTH} */
    public static void checkText(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new TextTooLongException(text.length());
        }
    }

    /**
     * Checks an outgoing content: text lengths (also of an edit's new text) and poll shape.
     *
     * @throws InvalidMessageContentException if WhatsApp would not accept it
     */
    public static void checkOutgoing(MessageContent content) {
        switch (content) {
            case Text text -> checkText(text.text());
            case ExtendedText text -> checkText(text.text());
            case Edit edit -> checkOutgoing(edit.newContent());
            case Poll poll -> checkPoll(poll);
            case Media media -> checkMedia(media);
            default -> {
            }
        }
    }

    private static void checkMedia(Media media) {
        if (media.caption() != null) {
            checkText(media.caption());
        }
        MediaBlob blob = media.blob();
        if (blob.mediaKey().length != 32 || blob.fileSha256() == null || blob.fileEncSha256() == null) {
            throw new InvalidMessageContentException("a media message needs a 32-byte media key and both hashes");
        }
        if (blob.directPath() == null) {
            throw new InvalidMessageContentException("a media message needs the directPath of its upload");
        }
    }

    private static void checkPoll(Poll poll) {
        List<String> options = poll.options();
        if (poll.name().isBlank()) {
            throw new InvalidMessageContentException("poll without a question");
        }
        if (options.size() < 2 || options.size() > MAX_POLL_OPTIONS) {
            throw new InvalidMessageContentException("a poll has 2.." + MAX_POLL_OPTIONS + " options, got " + options.size());
        }
        if (new HashSet<>(options).size() != options.size()) {
            // votes are hashes of option names: duplicates could not be told apart
            throw new InvalidMessageContentException("poll options must be distinct");
        }
        if (poll.selectableCount() < 0 || poll.selectableCount() > options.size()) {
            throw new InvalidMessageContentException("selectableCount must be 0.." + options.size());
        }
        if (poll.messageSecret() == null || poll.messageSecret().length != Poll.SECRET_LENGTH) {
            throw new InvalidMessageContentException("a poll needs a 32-byte message secret");
        }
        for (String option : options) {
            checkText(option);
        }
    }
}
