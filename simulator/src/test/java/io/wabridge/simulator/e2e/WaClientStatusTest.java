package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.status.StatusException;
import io.wabridge.client.status.StatusPost;
import io.wabridge.client.status.TextStatus;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.status.StatusService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status updates ({@code status@broadcast}) against the simulator: a contact's text status (with colours and font)
 * becomes a status event, never a chat message, and our seen receipt reaches the server naming the author; our text
 * and image statuses reach exactly the audience's devices, which decrypt them with our sender key; the contact's
 * seen receipt comes back as a read receipt; requests with an empty or invalid audience or unsupported content are
 * refused before anything is sent.
 */
class WaClientStatusTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private SimulatedSetup setup;
    private SimulatedContact bob;
    private SimulatedContact carol;
    private StatusService statuses;

    @BeforeEach
    void link() throws Exception {
        SimulatedSetup[] holder = new SimulatedSetup[1];
        UnaryOperator<WaClientConfig> configure = config -> config.withMedia(MediaSettings.DEFAULTS
                .withTls(MediaTls.trustingPem(holder[0].simulator.media().server().certificatePem())));
        holder[0] = new SimulatedSetup(configure);
        setup = holder[0].link();
        bob = setup.simulator.accounts().messaging().contact(setup.simulator.accounts().create("15550003333"));
        carol = setup.simulator.accounts().messaging().contact(setup.simulator.accounts().create("15550004444"));
        statuses = setup.simulator.accounts().statuses();
    }

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void aContactsTextStatusIsAStatusEventAndOurSeenReceiptReachesTheServer() throws Exception {
        Message styled = Message.newBuilder().setExtendedTextMessage(ExtendedTextMessage.newBuilder()
                .setText("on holiday").setTextArgb(0xFFFFFFFF).setBackgroundArgb(0xFF1E6E4F).setFont(3)).build();
        String id = setup.alice.postStatus(List.of(setup.me, bob.account()), styled, "text").get(30, TimeUnit.SECONDS);

        StatusPost post = setup.await(ClientEvent.StatusReceived.class).post();
        assertEquals(id, post.id());
        assertEquals(setup.alice.account().jid(), post.authorPn());
        assertEquals(setup.alice.account().lidJid(), post.authorLid());
        assertFalse(post.fromMe());
        assertEquals("on holiday", contentText(post));
        assertEquals(new StatusPost.Style(0xFFFFFFFF, 0xFF1E6E4F, 3), post.style());
        assertNotNull(bob.awaitText(Jid.STATUS_BROADCAST, "on holiday", WAIT), "bob, in the audience, read it too");
        assertTrue(setup.all.stream().noneMatch(e -> e instanceof ClientEvent.MessageReceived m
                && m.chat().isStatusBroadcast()), "a status is never a chat message");

        setup.client.statuses().markSeen(post.authorPn(), List.of(id)).get(30, TimeUnit.SECONDS);
        awaitUntil(() -> statuses.seen().stream().anyMatch(s -> s.ids().equals(List.of(id))
                && s.author().equals(setup.alice.account().jid()) && s.viewer().sameUser(setup.me.jid())
                && "read".equals(s.type())), "the server recorded our seen receipt for alice's status");
    }

    @Test
    void ourTextAndImageStatusesReachExactlyTheAudienceAndSeenComesBack() throws Exception {
        var sent = setup.client.statuses().postText(List.of(setup.alice.jid(), bob.jid()),
                new TextStatus("hello world", 0xFF000000, 0xFFFFD700, 2), null).get(30, TimeUnit.SECONDS);

        ContactMessage atAlice = setup.alice.awaitText(Jid.STATUS_BROADCAST, "hello world", WAIT);
        assertNotNull(atAlice, "alice decrypted our status");
        assertEquals(sent.messageId(), atAlice.id());
        assertTrue(atAlice.from().sameUser(setup.me.jid()) || atAlice.from().sameUser(setup.me.lidJid()),
                "authored by our account: " + atAlice.from());
        assertEquals(0xFFFFD700, atAlice.message().getExtendedTextMessage().getBackgroundArgb());
        assertEquals(2, atAlice.message().getExtendedTextMessage().getFont());
        assertNotNull(bob.awaitText(Jid.STATUS_BROADCAST, "hello world", WAIT), "bob decrypted it");
        StatusService.Post routed = awaitPost(sent.messageId());
        assertTrue(routed.reached().stream().noneMatch(d -> d.sameUser(carol.account().jid())),
                "carol is not in the audience: " + routed.reached());

        // The second post goes to alice alone, with the same sender key distributed again.
        Media image = setup.client.media().prepare(MediaKind.IMAGE,
                MediaSource.ofBytes(ProfileTestImages.image(320, 240, "png")), b -> b.caption("sunset"))
                .get(30, TimeUnit.SECONDS);
        String imageId = setup.client.statuses().post(List.of(setup.alice.jid()), image, "img-1")
                .get(30, TimeUnit.SECONDS).messageId();
        StatusService.Post second = awaitPost(imageId);
        assertTrue(second.reached().stream().allMatch(d -> d.sameUser(setup.alice.account().jid())
                || d.sameUser(setup.me.jid())), "alice and our own phone only: " + second.reached());
        assertTrue(second.reached().stream().anyMatch(d -> d.sameUser(setup.me.jid())),
                "our own other devices get our status too: " + second.reached());
        assertTrue(second.reached().stream().noneMatch(d -> d.sameUser(bob.account().jid())), second.reached().toString());
        ContactMessage imageAtAlice = awaitMessage(setup.alice, imageId);
        Media received = assertInstanceOf(Media.class, imageAtAlice.content());
        assertEquals(MediaKind.IMAGE, received.kind());
        assertEquals("sunset", received.caption());
        assertEquals(Jid.STATUS_BROADCAST, imageAtAlice.chat());

        setup.alice.markStatusSeen(atAlice);
        ClientEvent.Receipt seen = awaitReceipt(sent.messageId());
        assertEquals(ReceiptType.READ, seen.type());
        assertEquals(Jid.STATUS_BROADCAST, seen.chat());
        assertTrue(seen.from().sameUser(setup.alice.jid()), "seen by alice: " + seen.from());
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsSent() throws Exception {
        var s = setup.client.statuses();
        assertEquals(StatusException.Reason.EMPTY_AUDIENCE,
                reason(s.postText(List.of(), TextStatus.of("x"), null)));
        assertEquals(StatusException.Reason.INVALID_AUDIENCE,
                reason(s.postText(List.of(setup.alice.jid(), Jid.group("120363000000000001")), TextStatus.of("x"), null)));
        assertEquals(StatusException.Reason.INVALID_AUDIENCE,
                reason(s.postText(List.of(setup.alice.jid().withDevice(3)), TextStatus.of("x"), null)));
        assertEquals(StatusException.Reason.UNSUPPORTED_CONTENT,
                reason(s.post(List.of(setup.alice.jid()), new io.wabridge.client.message.content.Reaction(
                        new io.wabridge.client.message.content.MessageRef(setup.alice.jid().toString(), false, "X", null),
                        "x", 1L), null)));
        assertEquals(StatusException.Reason.INVALID_SEEN, reason(s.markSeen(setup.alice.jid(), List.of())));
        assertEquals(0, statuses.posts().size(), "nothing reached the server");
        // A plain text status is fine too, and has no style.
        String id = s.post(List.of(setup.alice.jid()), new Text("plain"), null).get(30, TimeUnit.SECONDS).messageId();
        assertEquals(id, awaitMessage(setup.alice, id).id());
    }

    private static String contentText(StatusPost post) {
        return switch (post.content()) {
            case Text t -> t.text();
            case io.wabridge.client.message.content.ExtendedText t -> t.text();
            default -> post.message().getExtendedTextMessage().getText();
        };
    }

    private static StatusException.Reason reason(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(StatusException.class, e.getCause()).reason();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
        throw new AssertionError("the request was accepted");
    }

    private StatusService.Post awaitPost(String id) throws InterruptedException {
        awaitUntil(() -> statuses.posts().stream().anyMatch(p -> p.id().equals(id)), "the server routed " + id);
        return statuses.posts().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static ContactMessage awaitMessage(SimulatedContact contact, String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ContactMessage m : contact.messagesAfter(0, Duration.ZERO)) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            contact.messagesAfter(Long.MAX_VALUE - 1, Duration.ofMillis(100));
        }
        throw new AssertionError(contact.account().jid() + " received no " + id);
    }

    private ClientEvent.Receipt awaitReceipt(String id) throws InterruptedException {
        while (true) {
            ClientEvent.Receipt r = setup.await(ClientEvent.Receipt.class);
            if (r.ids().contains(id) && r.type() == ReceiptType.READ) {
                return r;
            }
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
