package io.wabridge.bridge.newsletter;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.newsletter.NewsletterMetadata;
import io.wabridge.client.newsletter.NewsletterPost;
import io.wabridge.client.newsletter.Newsletters;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.GetNewsletterMessages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the newsletter commands (newsletters.proto) on a session's open client through its {@link Newsletters}, and
 * builds their results. The validator made every argument canonical first. A refusal by WhatsApp fails the future
 * with the client's {@link io.wabridge.client.newsletter.NewsletterException}, which {@link CommandResults#failure}
 * names (NEWSLETTER_NOT_FOUND, NOT_FOLLOWING, NOT_NEWSLETTER_ADMIN).
 */
public final class NewsletterCommands {
    /** Posts get_newsletter_messages asks for when its count is 0. */
    static final int DEFAULT_COUNT = 20;

    private NewsletterCommands() {
    }

    /** Whether the command is one of the newsletter commands. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case FOLLOW_NEWSLETTER, UNFOLLOW_NEWSLETTER, GET_NEWSLETTER_METADATA, LIST_NEWSLETTERS,
                 GET_NEWSLETTER_MESSAGES, SEND_NEWSLETTER_POST, REACT_TO_NEWSLETTER_POST, MUTE_NEWSLETTER,
                 CREATE_NEWSLETTER, MARK_NEWSLETTER_VIEWED -> true;
            default -> false;
        };
    }

    /** Runs one newsletter command; completes with its ok result, or fails with the client's failure. */
    public static CompletableFuture<CommandResult> run(Newsletters newsletters, CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case FOLLOW_NEWSLETTER -> newsletters.follow(jid(command.getFollowNewsletter().getNewsletter()))
                    .thenApply(v -> CommandResults.ok());
            case UNFOLLOW_NEWSLETTER -> newsletters.unfollow(jid(command.getUnfollowNewsletter().getNewsletter()))
                    .thenApply(v -> CommandResults.ok());
            case GET_NEWSLETTER_METADATA -> {
                var m = command.getGetNewsletterMetadata();
                CompletableFuture<NewsletterMetadata> found = m.getNewsletter().isEmpty()
                        ? newsletters.metadataByInvite(m.getInviteCode()) : newsletters.metadata(jid(m.getNewsletter()));
                yield found.thenApply(n -> ok(CommandResult.Ok.newBuilder().setNewsletter(NewsletterContract.metadata(n))));
            }
            case LIST_NEWSLETTERS -> newsletters.followed().thenApply(all -> {
                CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
                for (NewsletterMetadata n : all) {
                    ok.addNewsletters(NewsletterContract.metadata(n));
                }
                return ok(ok);
            });
            case GET_NEWSLETTER_MESSAGES -> messages(newsletters, command.getGetNewsletterMessages());
            case SEND_NEWSLETTER_POST -> newsletters.post(jid(command.getSendNewsletterPost().getNewsletter()),
                    new Text(command.getSendNewsletterPost().getText())).thenApply(r -> ok(CommandResult.Ok.newBuilder()
                    .setMessageId(r.messageId()).setNewsletterServerId(r.serverId())));
            case REACT_TO_NEWSLETTER_POST -> {
                var r = command.getReactToNewsletterPost();
                yield newsletters.react(jid(r.getNewsletter()), r.getServerId(), r.getReaction())
                        .thenApply(v -> CommandResults.ok());
            }
            case MUTE_NEWSLETTER -> newsletters.mute(jid(command.getMuteNewsletter().getNewsletter()),
                    command.getMuteNewsletter().getMute()).thenApply(v -> CommandResults.ok());
            case CREATE_NEWSLETTER -> newsletters.create(command.getCreateNewsletter().getName(),
                            command.getCreateNewsletter().getDescription())
                    .thenApply(n -> ok(CommandResult.Ok.newBuilder().setNewsletter(NewsletterContract.metadata(n))));
            case MARK_NEWSLETTER_VIEWED -> newsletters.markViewed(jid(command.getMarkNewsletterViewed().getNewsletter()),
                    command.getMarkNewsletterViewed().getServerIdsList()).thenApply(v -> CommandResults.ok());
            default -> throw new IllegalArgumentException("not a newsletter command: " + command.getCommandCase());
        };
    }

    private static CompletableFuture<CommandResult> messages(Newsletters newsletters, GetNewsletterMessages m) {
        Jid nl = jid(m.getNewsletter());
        int count = m.getCount() == 0 ? DEFAULT_COUNT : m.getCount();
        CompletableFuture<List<NewsletterPost>> posts = newsletters.messages(nl, count, m.getBeforeServerId());
        CompletableFuture<Duration> live = m.getLiveUpdates()
                ? posts.thenCompose(p -> newsletters.liveUpdates(nl)) : posts.thenApply(p -> Duration.ZERO);
        return live.thenApply(d -> {
            CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
            for (NewsletterPost p : posts.join()) {
                ok.addNewsletterPosts(NewsletterContract.post(p));
            }
            if (m.getLiveUpdates()) {
                ok.setLiveUpdatesSeconds((int) Math.min(Integer.MAX_VALUE, d.toSeconds()));
            }
            return ok(ok);
        });
    }

    private static Jid jid(String newsletter) {
        return Jid.parse(newsletter);
    }

    private static CommandResult ok(CommandResult.Ok.Builder ok) {
        return CommandResult.newBuilder().setOk(ok).build();
    }
}
