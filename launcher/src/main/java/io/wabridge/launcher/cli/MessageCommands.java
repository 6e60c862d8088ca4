package io.wabridge.launcher.cli;

import io.wabridge.client.WaClient;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The CLI's messaging commands: {@code send <jid|phone> <text>}, {@code react <jid> <message-id> <emoji>},
 * {@code read <jid> <message-id>}. Each completes with its result line: a sent message as
 * {@code {"type":"sent","command":...,"n":...,"id":...}}, a read as {@code {"type":"done",...}}; reacting to an id
 * this CLI sent marks the reaction's target as ours.
 */
final class MessageCommands {
    private static final Set<String> SENT_IDS = ConcurrentHashMap.newKeySet();

    private MessageCommands() {}

    /** @param head the start of this command's result line, given its type */
    static CompletableFuture<JsonLine> run(String command, String argument, WaClient client,
                                           Function<String, JsonLine> head) {
        try {
            return switch (command) {
                case "send" -> {
                    String[] words = split(argument, 2, "usage: send <jid|phone> <text>");
                    Jid to = recipient(words[0]);
                    yield client.sendMessage(to, new Text(words[1])).thenApply(result -> {
                        SENT_IDS.add(result.messageId());
                        return sent(head, result, to);
                    });
                }
                case "react" -> {
                    String[] words = split(argument, 3, "usage: react <jid> <message-id> <emoji>");
                    Jid chat = recipient(words[0]);
                    MessageRef target = new MessageRef(chat.toString(), SENT_IDS.contains(words[1]), words[1], null);
                    yield client.sendMessage(chat, new Reaction(target, words[2], System.currentTimeMillis()))
                            .thenApply(result -> sent(head, result, chat));
                }
                case "read" -> {
                    String[] words = split(argument, 2, "usage: read <jid> <message-id>");
                    yield client.markRead(recipient(words[0]), List.of(words[1].trim()), null)
                            .thenApply(ignored -> head.apply("done"));
                }
                default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown command " + command));
            };
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static JsonLine sent(Function<String, JsonLine> head, SendResult result, Jid to) {
        return head.apply("sent").field("id", result.messageId()).field("to", to.toString())
                .field("timestamp", result.timestamp().getEpochSecond()).field("devices", result.devices());
    }

    /** A JID as is, or a phone number (digits, optionally with +, spaces or dashes) as a phone-number JID. */
    static Jid recipient(String text) {
        String s = text.trim();
        if (s.contains("@")) {
            try {
                return Jid.parse(s);
            } catch (InvalidJidException e) {
                throw new IllegalArgumentException("not a JID: " + s, e);
            }
        }
        String digits = s.replaceAll("[+\\s-]", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a JID or phone number: " + s);
        }
        return Jid.pn(digits);
    }

    private static String[] split(String argument, int parts, String usage) {
        String[] words = argument.trim().split("\\s+", parts);
        if (words.length < parts || words[parts - 1].isBlank()) {
            throw new IllegalArgumentException(usage);
        }
        return words;
    }
}
