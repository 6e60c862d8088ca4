package io.wabridge.simulator.profile;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.account.AccountProfile;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.group.GroupService;
import io.wabridge.simulator.group.SimGroup;
import io.wabridge.simulator.messaging.MessageRouter;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Profile iqs as WhatsApp answers them, and the notifications each change causes:
 * <ul>
 *   <li>{@code <iq xmlns=status type=set><status>TEXT</status>}: the about text (at most 139 characters, else
 *       406); every other device of the account gets {@code <notification type=status from=USER><set>TEXT</set>};</li>
 *   <li>{@code <iq xmlns=w:profile:picture type=set [target=GROUP]><picture type=image>JPEG}: a square JPEG of at
 *       most 640 pixels (else 406; a group needs its admins, or any member while it is not locked: else 401, 404 for
 *       no such group); without {@code <picture>} the picture is removed. Answered {@code <picture id/>}; every
 *       device of the owner (the members' for a group) but the sender's gets {@code <notification type=picture
 *       from=JID><set jid id author/>} (or {@code <delete jid author/>});</li>
 *   <li>{@code type=get target=JID><picture type=preview|image query=url/>}: {@code <picture id url direct_path
 *       type/>}; 404 for no such user or no picture, 401 when the owner's privacy hides it;</li>
 *   <li>{@code <iq xmlns=w:biz type=get><business_profile v><profile jid/>}: the business profile, an empty
 *       {@code <business_profile/>} for personal accounts and unknown users.</li>
 * </ul>
 * Thread-safe.
 */
public final class ProfileService {
    /** WhatsApp's limit on an about text. */
    public static final int MAX_ABOUT = 139;
    /** The largest picture side WhatsApp keeps. */
    public static final int MAX_PICTURE_SIDE = 640;

    private final Accounts accounts;
    private final MessageRouter router;
    private final GroupService groups;
    private final Clock clock;
    private final AtomicLong pictureIds = new AtomicLong(1_700_000_000L);
    private final Map<Jid, AccountProfile.Picture> groupPictures = new ConcurrentHashMap<>();
    /** Publishes a picture's JPEG where clients can download it; answers its direct path (null: not served). */
    private volatile Function<byte[], String> publisher = jpeg -> null;
    private volatile java.util.function.Supplier<String> host = () -> "pps.whatsapp.net";

    public ProfileService(Accounts accounts, MessageRouter router, GroupService groups, Clock clock) {
        this.accounts = accounts;
        this.router = router;
        this.groups = groups;
        this.clock = clock;
    }

    /** Where pictures are served: {@code publish} stores a JPEG on the media host {@code host} and returns its path. */
    public void publisher(java.util.function.Supplier<String> host, Function<byte[], String> publish) {
        this.host = host;
        this.publisher = publish;
    }

    /** Installs the profile iqs on a logged-in device's connection. */
    public void install(ServerSession session, PhoneAccount account, int deviceId) {
        session.router().on(StanzaMatcher.iq("set", "status"), iq -> session.send(onSetAbout(account, deviceId, iq)));
        session.router().on(StanzaMatcher.iq("set", "w:profile:picture"),
                iq -> session.send(onSetPicture(account, deviceId, iq)));
        session.router().on(StanzaMatcher.iq("get", "w:profile:picture"), iq -> session.send(onGetPicture(account, iq)));
        session.router().on(StanzaMatcher.iq("get", "w:biz"), iq -> session.send(onBusiness(iq)));
    }

    // ---- about ----

    Node onSetAbout(PhoneAccount account, int deviceId, Node iq) {
        Node status = iq.child("status");
        if (status == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        String text = status.contentString() == null ? "" : status.contentString();
        if (text.codePointCount(0, text.length()) > MAX_ABOUT) {
            return ServerStanzas.iqError(iq, 406, "not-acceptable");
        }
        setAbout(account, deviceId, text);
        return ServerStanzas.iqResult(iq);
    }

    /** The account (its device {@code deviceId}; 0 = the phone) sets its about text; its other devices are told. */
    public void setAbout(PhoneAccount account, int deviceId, String text) {
        account.profile().about(text, clock.instant());
        Node set = Node.builder("set").bytes(text.getBytes(StandardCharsets.UTF_8)).build();
        notifyDevices(account, deviceId, notification("status", account.jid()).child(set));
    }

    // ---- pictures ----

    Node onSetPicture(PhoneAccount account, int deviceId, Node iq) {
        Jid target = parse(iq.attr("target"));
        if (iq.attr("target") != null && (target == null || !(target.isGroup() || accounts.find(target).orElse(null) == account))) {
            return ServerStanzas.iqError(iq, target == null ? 400 : 401, target == null ? "bad-request" : "not-authorized");
        }
        SimGroup group = null;
        if (target != null && target.isGroup()) {
            Optional<SimGroup> found = groups.find(target);
            if (found.isEmpty()) {
                return ServerStanzas.iqError(iq, 404, "item-not-found");
            }
            group = found.get();
            if (!group.isMember(account)) {
                return ServerStanzas.iqError(iq, 403, "forbidden");
            }
            if (!group.mayEditInfo(account)) {
                return ServerStanzas.iqError(iq, 401, "not-authorized");
            }
        }
        Node picture = iq.child("picture");
        if (picture == null) {
            remove(account, deviceId, group);
            return ServerStanzas.iqResult(iq);
        }
        byte[] jpeg = picture.bytes();
        if (jpeg == null || !squareJpeg(jpeg)) {
            return ServerStanzas.iqError(iq, 406, "not-acceptable");
        }
        String id = setPicture(account, deviceId, group, jpeg);
        return ServerStanzas.iqResult(iq, Node.builder("picture").attr("id", id).build());
    }

    /** The account (or, with {@code group}, one of its admins) sets a picture; everyone concerned is told. */
    public String setPicture(PhoneAccount account, int deviceId, SimGroup group, byte[] jpeg) {
        String id = Long.toString(pictureIds.incrementAndGet());
        String path = publisher.apply(jpeg.clone());
        String directPath = path != null ? path : "/v/t61.24694-24/" + id + ".jpg";
        String url = "https://" + (path != null ? host.get() : "pps.whatsapp.net") + directPath;
        AccountProfile.Picture p = new AccountProfile.Picture(id, jpeg.clone(), url, directPath);
        Jid owner = group != null ? group.jid() : account.jid();
        if (group != null) {
            groupPictures.put(group.jid(), p);
        } else {
            account.profile().picture(p);
        }
        Node set = Node.builder("set").attr("jid", owner).attr("id", id).attr("author", account.jid()).build();
        tell(account, deviceId, group, notification("picture", owner).child(set));
        return id;
    }

    private void remove(PhoneAccount account, int deviceId, SimGroup group) {
        Jid owner = group != null ? group.jid() : account.jid();
        if (group != null) {
            groupPictures.remove(group.jid());
        } else {
            account.profile().picture(null);
        }
        Node delete = Node.builder("delete").attr("jid", owner).attr("author", account.jid()).build();
        tell(account, deviceId, group, notification("picture", owner).child(delete));
    }

    Node onGetPicture(PhoneAccount asking, Node iq) {
        Jid target = parse(iq.attr("target"));
        Node picture = iq.child("picture");
        if (target == null || picture == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        AccountProfile.Picture p;
        if (target.isGroup()) {
            Optional<SimGroup> group = groups.find(target);
            if (group.isEmpty()) {
                return ServerStanzas.iqError(iq, 404, "item-not-found");
            }
            if (!group.get().isMember(asking)) {
                return ServerStanzas.iqError(iq, 401, "not-authorized");
            }
            p = groupPictures.get(target.toNonAd());
        } else {
            Optional<PhoneAccount> owner = accounts.find(target);
            if (owner.isEmpty()) {
                return ServerStanzas.iqError(iq, 404, "item-not-found");
            }
            AccountProfile profile = owner.get().profile();
            if (!profile.visibleTo(profile.pictureVisibility(), owner.get(), asking)) {
                return ServerStanzas.iqError(iq, 401, "not-authorized");
            }
            p = profile.picture();
        }
        if (p == null) {
            return ServerStanzas.iqError(iq, 404, "item-not-found");
        }
        String type = "preview".equals(picture.attr("type")) ? "preview" : "image";
        return ServerStanzas.iqResult(iq, Node.builder("picture").attr("id", p.id()).attr("type", type)
                .attr("url", p.url()).attr("direct_path", p.directPath()).build());
    }

    /** Whether WhatsApp keeps this as a profile picture: a JPEG, square, at most 640 pixels. */
    static boolean squareJpeg(byte[] data) {
        if (data.length < 4 || (data[0] & 0xff) != 0xFF || (data[1] & 0xff) != 0xD8) {
            return false;
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            return image != null && image.getWidth() == image.getHeight() && image.getWidth() <= MAX_PICTURE_SIDE;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- business ----

    Node onBusiness(Node iq) {
        Node request = iq.child("business_profile");
        if (request == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        List<Node> profiles = new ArrayList<>();
        for (Node asked : request.children("profile")) {
            Jid jid = parse(asked.attr("jid"));
            PhoneAccount owner = jid == null ? null : accounts.find(jid).orElse(null);
            AccountProfile.Business b = owner == null ? null : owner.profile().business();
            if (b != null) {
                profiles.add(business(jid.toNonAd(), b));
            }
        }
        return ServerStanzas.iqResult(iq, Node.builder("business_profile").attr("v", request.attr("v", "244"))
                .children(profiles).build());
    }

    private static Node business(Jid jid, AccountProfile.Business b) {
        List<Node> children = new ArrayList<>();
        children.add(text("description", b.description()));
        children.add(text("address", b.address()));
        children.add(text("email", b.email()));
        for (String w : b.websites()) {
            children.add(text("website", w));
        }
        children.add(Node.builder("categories").child(Node.builder("category").attr("id", "1")
                .bytes(b.category().getBytes(StandardCharsets.UTF_8)).build()).build());
        children.add(Node.builder("business_hours").attr("timezone", b.timeZone())
                .child(Node.builder("business_hours_config").attr("day_of_week", "mon").attr("mode", "specific_hours")
                        .attr("open_time", 540).attr("close_time", 1020).build()).build());
        return Node.builder("profile").attr("jid", jid).attr("tag", "1").children(children).build();
    }

    private static Node text(String tag, String value) {
        return Node.builder(tag).bytes((value == null ? "" : value).getBytes(StandardCharsets.UTF_8)).build();
    }

    // ---- notifications ----

    private NodeBuilder notification(String type, Jid from) {
        return Node.builder("notification").attr("from", from).attr("type", type)
                .attr("id", Long.toHexString(pictureIds.incrementAndGet()).toUpperCase())
                .attr("t", clock.instant().getEpochSecond());
    }

    /** A user's change goes to its other devices; a group's to every member device but the sender. */
    private void tell(PhoneAccount account, int deviceId, SimGroup group, NodeBuilder notification) {
        if (group == null) {
            notifyDevices(account, deviceId, notification);
            return;
        }
        Node built = notification.attr("participant", account.jid()).build();
        for (PhoneAccount member : group.members()) {
            for (int device : member.deviceIds()) {
                if (device != 0 && !(member == account && device == deviceId)) {
                    router.deliver(member, device, built);
                }
            }
        }
    }

    private void notifyDevices(PhoneAccount account, int exceptDevice, NodeBuilder notification) {
        Node built = notification.build();
        for (int device : account.deviceIds()) {
            if (device != 0 && device != exceptDevice) { // 0 is the simulated phone: it keeps no mailbox
                router.deliver(account, device, built);
            }
        }
    }

    private static Jid parse(String jid) {
        return jid == null ? null : Jid.tryParse(jid);
    }
}
