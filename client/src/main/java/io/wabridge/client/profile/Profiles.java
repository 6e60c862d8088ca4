package io.wabridge.client.profile;

import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.media.MediaProcessor;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.presence.Presence;
import io.wabridge.client.session.Failures;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.usync.ContactQuery;
import io.wabridge.client.usync.MalformedUsyncResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Profile and contacts of one account, each call one request on the open connection (whatsmeow {@code user.go},
 * Baileys {@code chats.ts}):
 * <ul>
 *   <li>our push name: an app-state {@code setting_pushName} mutation (critical_block, as Baileys'
 *       {@code updateProfileName}), kept in our credentials (the next login's ClientPayload carries it) and
 *       announced in {@code <presence type=available name>} as whatsmeow's {@code SendPresence} does;</li>
 *   <li>our about text: {@code <iq xmlns=status type=set><status>TEXT</status>} (Baileys {@code updateProfileStatus});
 *       a user's: usync {@code <status/>} (Baileys {@code fetchStatus});</li>
 *   <li>profile pictures: {@code <iq xmlns=w:profile:picture type=set [target=GROUP]><picture type=image>JPEG}
 *       (made square and at most 640 pixels by {@link MediaProcessor#squareJpeg}), and
 *       {@code type=get target=JID><picture type=preview|image query=url/>} for the URL;</li>
 *   <li>whether numbers are on WhatsApp: usync {@code <contact/><lid/><business/>} (LIDs learned on the way);</li>
 *   <li>a business profile: {@code <iq xmlns=w:biz><business_profile v=244><profile jid/>}.</li>
 * </ul>
 * A refusal fails the future with a {@link ProfileException} whose reason reads the server's code in the request's
 * context (401 = hidden by privacy; 404 = no such user / no picture / not a business). Stateless: the account's
 * state lives in its credentials and app state, so {@code WaClient.profile()} may hand out a new instance per call.
 */
public final class Profiles {

    /** Longest side of the profile picture we upload (WhatsApp shows 640 x 640). */
    public static final int PICTURE_SIDE = 640;
    /** WhatsApp's limit on a push name. */
    public static final int MAX_PUSH_NAME = 25;
    /** WhatsApp's limit on an about text. */
    public static final int MAX_ABOUT = 139;

    private final CredentialsCell credentials;
    private final Executor executor;
    private final BiFunction<Node, Duration, CompletableFuture<Node>> iq;
    private final Function<List<ChatAction>, CompletableFuture<Void>> changeChats;
    private final Function<Presence, CompletableFuture<Void>> presence;
    private final Supplier<LidMappings> lids;
    private final Duration timeout;

    /**
     * @param credentials the account's credentials (read and written on {@code executor} only)
     * @param executor    the account's serial executor
     * @param iq          sends an iq on the open connection, completes with the result
     * @param changeChats sends app-state mutations (done once the server took them)
     * @param presence    sends our presence (carrying the stored push name)
     * @param lids        the account's LID mappings (used on {@code executor} only)
     * @param timeout     how long one iq may take
     */
    public Profiles(CredentialsCell credentials, Executor executor, BiFunction<Node, Duration, CompletableFuture<Node>> iq,
                    Function<List<ChatAction>, CompletableFuture<Void>> changeChats,
                    Function<Presence, CompletableFuture<Void>> presence, Supplier<LidMappings> lids, Duration timeout) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.iq = Objects.requireNonNull(iq, "iq");
        this.changeChats = Objects.requireNonNull(changeChats, "changeChats");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.lids = Objects.requireNonNull(lids, "lids");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    // ---- our own profile ----

    /** Our push name as stored (null when none was ever set or given at pairing). */
    public CompletableFuture<String> pushName() {
        return CompletableFuture.supplyAsync(() -> credentials.isPresent() ? credentials.get().pushName() : null, executor);
    }

    /**
     * Sets our push name (1 to {@value #MAX_PUSH_NAME} characters): the app-state setting every device of ours
     * sees, then our credentials, then a presence carrying it (contacts learn it from there and from our messages).
     */
    public CompletableFuture<Void> setPushName(String name) {
        String n = Objects.requireNonNull(name, "name").strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > MAX_PUSH_NAME) {
            throw new IllegalArgumentException("a push name has 1 to " + MAX_PUSH_NAME + " characters");
        }
        return changeChats.apply(List.of(ChatAction.pushName(n)))
                .thenRunAsync(() -> credentials.save(credentials.get().toBuilder().pushName(n).build()), executor)
                .thenCompose(v -> presence.apply(Presence.AVAILABLE));
    }

    /** Sets our about text (at most {@value #MAX_ABOUT} characters; empty clears it). */
    public CompletableFuture<Void> setAbout(String text) {
        String t = Objects.requireNonNull(text, "text");
        if (t.codePointCount(0, t.length()) > MAX_ABOUT) {
            throw new IllegalArgumentException("an about text has at most " + MAX_ABOUT + " characters");
        }
        Node request = Node.builder("iq").attr("xmlns", "status").attr("type", "set").attr("to", Jid.SERVER)
                .child(Node.builder("status").bytes(t.getBytes(StandardCharsets.UTF_8)).build()).build();
        return send(request, Context.USER).thenApply(r -> null);
    }

    /**
     * Sets the profile picture of this account ({@code target} null or our own JID) or of a group we administer:
     * the image (any format ImageIO reads) is cropped to its centred square and scaled to at most
     * {@value #PICTURE_SIDE} pixels. Completes with the new picture's id when WhatsApp gives it (else null).
     */
    public CompletableFuture<String> setPicture(Jid target, MediaSource image) {
        Objects.requireNonNull(image, "image");
        byte[] jpeg;
        try {
            jpeg = MediaProcessor.INSTANCE.squareJpeg(image, PICTURE_SIDE);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new ProfileException(ProfileException.Reason.INVALID_IMAGE, 0,
                    "cannot make a profile picture of this image: " + e.getMessage(), e));
        }
        Node request = pictureSet(target).child(Node.builder("picture").attr("type", "image").bytes(jpeg).build()).build();
        return send(request, Context.PICTURE_SET).thenApply(r -> {
            Node picture = r.child("picture");
            return picture == null ? null : picture.attr("id");
        });
    }

    /** Removes the profile picture of this account ({@code target} null) or of a group we administer. */
    public CompletableFuture<Void> removePicture(Jid target) {
        return send(pictureSet(target).build(), Context.PICTURE_SET).thenApply(r -> null);
    }

    private NodeBuilder pictureSet(Jid target) {
        NodeBuilder b = Node.builder("iq").attr("xmlns", "w:profile:picture").attr("type", "set").attr("to", Jid.SERVER);
        if (target != null && !isMe(target)) {
            b.attr("target", target.toNonAd());
        }
        return b;
    }

    private boolean isMe(Jid jid) {
        if (!credentials.isPresent()) {
            return false;
        }
        var c = credentials.get();
        Jid user = jid.toNonAd();
        return user.equals(Jid.parse(c.me()).toNonAd()) || (c.lid() != null && user.equals(Jid.parse(c.lid()).toNonAd()));
    }

    // ---- other people ----

    /** Where a user's (or group's) profile picture is: the 96-pixel {@code preview} or the full image. */
    public CompletableFuture<ProfilePicture> picture(Jid jid, boolean preview) {
        Objects.requireNonNull(jid, "jid");
        Jid target = jid.toNonAd();
        Node request = Node.builder("iq").attr("xmlns", "w:profile:picture").attr("type", "get").attr("to", Jid.SERVER)
                .attr("target", target)
                .child(Node.builder("picture").attr("type", preview ? "preview" : "image").attr("query", "url").build())
                .build();
        return send(request, Context.PICTURE_GET).thenApply(r -> {
            Node picture = r.child("picture");
            if (picture == null) {
                throw malformed("picture answer without <picture>", r);
            }
            if ("204".equals(picture.attr("status")) || "404".equals(picture.attr("status"))) {
                throw new ProfileException(ProfileException.Reason.PICTURE_NOT_SET, 404, target + " has no profile picture", null);
            }
            String url = picture.attr("url");
            if (url == null || url.isEmpty()) {
                throw malformed("picture answer without a url", r);
            }
            return new ProfilePicture(target, picture.attr("id"), url, picture.attr("direct_path"),
                    "preview".equals(picture.attr("type", preview ? "preview" : "image")));
        });
    }

    /** A user's about text; {@link ProfileException.Reason#NOT_AUTHORIZED} when their privacy hides it from us. */
    public CompletableFuture<ContactQuery.About> about(Jid user) {
        Objects.requireNonNull(user, "user");
        return send(ContactQuery.abouts(List.of(user.toNonAd()), sid()), Context.USER).thenApply(r -> {
            List<ContactQuery.About> abouts = usync(() -> ContactQuery.parseAbouts(r));
            if (abouts.isEmpty()) {
                throw new ProfileException(ProfileException.Reason.PROFILE_NOT_FOUND, 404, user + " is not on WhatsApp", null);
            }
            ContactQuery.About a = abouts.getFirst();
            if (a.hidden()) {
                throw new ProfileException(ProfileException.Reason.NOT_AUTHORIZED, 401,
                        "the privacy settings of " + user + " hide the about text", null);
            }
            return a;
        });
    }

    /**
     * Whether each number (international, an optional +) is on WhatsApp, in the answer's order, with its JID, LID
     * and business flag. LIDs learned here go into the account's mappings.
     */
    public CompletableFuture<List<ContactQuery.Registration>> onWhatsApp(List<String> phones) {
        if (phones.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return send(ContactQuery.registrations(phones, sid()), Context.USER).thenApplyAsync(r -> {
            List<ContactQuery.Registration> found = usync(() -> ContactQuery.parseRegistrations(r));
            Map<Jid, Jid> pairs = new LinkedHashMap<>();
            for (ContactQuery.Registration reg : found) {
                if (reg.registered() && reg.jid() != null && reg.lid() != null) {
                    pairs.put(reg.jid(), reg.lid());
                }
            }
            if (!pairs.isEmpty()) {
                lids.get().learnAll(pairs, LidMappings.Source.USYNC);
            }
            return found;
        }, executor);
    }

    /** A business account's profile; {@link ProfileException.Reason#NOT_A_BUSINESS} for anyone else. */
    public CompletableFuture<BusinessProfile> businessProfile(Jid jid) {
        Objects.requireNonNull(jid, "jid");
        Node request = Node.builder("iq").attr("xmlns", "w:biz").attr("type", "get").attr("to", Jid.SERVER)
                .child(Node.builder("business_profile").attr("v", "244")
                        .child(Node.builder("profile").attr("jid", jid.toNonAd()).build()).build())
                .build();
        return send(request, Context.BUSINESS).thenApply(r -> {
            Node profiles = r.child("business_profile");
            if (profiles == null) {
                throw malformed("business profile answer without <business_profile>", r);
            }
            Node profile = profiles.child("profile");
            BusinessProfile parsed = profile == null ? null : BusinessProfile.parse(profile);
            if (parsed == null) {
                throw new ProfileException(ProfileException.Reason.NOT_A_BUSINESS, 404, jid + " has no business profile", null);
            }
            return parsed;
        });
    }

    // ---- plumbing ----

    /** What a 404 means depends on what was asked. */
    enum Context { USER, PICTURE_GET, PICTURE_SET, BUSINESS }

    private CompletableFuture<Node> send(Node request, Context context) {
        return iq.apply(request, timeout).exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(translate(Failures.unwrap(failure), context)));
    }

    static Throwable translate(Throwable cause, Context context) {
        if (!(cause instanceof IqErrorException e)) {
            return cause;
        }
        ProfileException.Reason reason = switch (e.code()) {
            case 401, 403 -> ProfileException.Reason.NOT_AUTHORIZED;
            case 404 -> switch (context) {
                case PICTURE_GET -> ProfileException.Reason.PICTURE_NOT_SET;
                case BUSINESS -> ProfileException.Reason.NOT_A_BUSINESS;
                default -> ProfileException.Reason.PROFILE_NOT_FOUND;
            };
            case 406 -> context == Context.PICTURE_SET ? ProfileException.Reason.INVALID_IMAGE : ProfileException.Reason.REJECTED;
            default -> ProfileException.Reason.REJECTED;
        };
        return new ProfileException(reason, e.code(), e.getMessage(), e);
    }

    private static <T> T usync(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (MalformedUsyncResponseException e) {
            throw new ProfileException(ProfileException.Reason.MALFORMED_RESPONSE, 0, e.getMessage(), e);
        }
    }

    private static ProfileException malformed(String what, Node response) {
        return new ProfileException(ProfileException.Reason.MALFORMED_RESPONSE, 0, what + ": " + response, null);
    }

    private static String sid() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
