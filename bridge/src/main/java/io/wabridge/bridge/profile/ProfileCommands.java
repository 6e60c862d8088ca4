package io.wabridge.bridge.profile;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.profile.BusinessProfile;
import io.wabridge.client.profile.Profiles;
import io.wabridge.client.usync.ContactQuery;
import io.wabridge.proto.v1.About;
import io.wabridge.proto.v1.BusinessHours;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.OnWhatsApp;
import io.wabridge.proto.v1.ProfilePicture;
import io.wabridge.proto.v1.ProfileUpdate;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the profile commands (profile.proto) on a session's open client through its {@link Profiles}, builds their
 * results, and maps the client's {@link ClientEvent.ProfileChanged} to the {@code profile_update} event. The
 * validator made every argument canonical first. A refusal by WhatsApp fails the future with the client's
 * {@link io.wabridge.client.profile.ProfileException}, which {@link CommandResults#failure} names.
 */
public final class ProfileCommands {

    private ProfileCommands() {
    }

    /** Whether the command is one of the profile commands. */
    public static boolean handles(CommandEnvelope.CommandCase kind) {
        return switch (kind) {
            case SET_PUSH_NAME, GET_PUSH_NAME, SET_ABOUT, SET_PROFILE_PICTURE, REMOVE_PROFILE_PICTURE,
                 GET_PROFILE_PICTURE, GET_ABOUT, CHECK_ON_WHATSAPP, GET_BUSINESS_PROFILE -> true;
            default -> false;
        };
    }

    /** Runs one profile command; completes with its ok result, or fails with the client's failure. */
    public static CompletableFuture<CommandResult> run(Profiles profile, CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case SET_PUSH_NAME -> profile.setPushName(command.getSetPushName().getName()).thenApply(v -> CommandResults.ok());
            case GET_PUSH_NAME -> profile.pushName().thenApply(n -> ok(CommandResult.Ok.newBuilder()
                    .setPushName(n == null ? "" : n)));
            case SET_ABOUT -> profile.setAbout(command.getSetAbout().getText()).thenApply(v -> CommandResults.ok());
            case SET_PROFILE_PICTURE -> {
                var p = command.getSetProfilePicture();
                Jid target = target(p.getTarget());
                yield profile.setPicture(target, MediaSource.ofBytes(p.getImage().toByteArray()))
                        .thenApply(id -> ok(CommandResult.Ok.newBuilder().setPicture(ProfilePicture.newBuilder()
                                .setJid(target == null ? "" : target.toString()).setId(id == null ? "" : id))));
            }
            case REMOVE_PROFILE_PICTURE -> profile.removePicture(target(command.getRemoveProfilePicture().getTarget()))
                    .thenApply(v -> CommandResults.ok());
            case GET_PROFILE_PICTURE -> profile.picture(Jid.parse(command.getGetProfilePicture().getJid()),
                    command.getGetProfilePicture().getPreview()).thenApply(p -> {
                        ProfilePicture.Builder b = ProfilePicture.newBuilder().setJid(p.jid().toString())
                                .setUrl(p.url()).setPreview(p.preview());
                        if (p.id() != null) {
                            b.setId(p.id());
                        }
                        if (p.directPath() != null) {
                            b.setDirectPath(p.directPath());
                        }
                        return ok(CommandResult.Ok.newBuilder().setPicture(b));
                    });
            case GET_ABOUT -> profile.about(Jid.parse(command.getGetAbout().getJid())).thenApply(a -> {
                About.Builder b = About.newBuilder().setJid(a.jid().toString()).setText(a.text() == null ? "" : a.text());
                if (a.setAt() != null) {
                    b.setSetAt(EventFactory.timestamp(a.setAt()));
                }
                return ok(CommandResult.Ok.newBuilder().setAbout(b));
            });
            case CHECK_ON_WHATSAPP -> profile.onWhatsApp(command.getCheckOnWhatsapp().getPhonesList()).thenApply(all -> {
                CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
                for (ContactQuery.Registration r : all) {
                    ok.addOnWhatsapp(onWhatsApp(r));
                }
                return ok(ok);
            });
            case GET_BUSINESS_PROFILE -> profile.businessProfile(Jid.parse(command.getGetBusinessProfile().getJid()))
                    .thenApply(b -> ok(CommandResult.Ok.newBuilder().setBusinessProfile(business(b))));
            default -> throw new IllegalArgumentException("not a profile command: " + command.getCommandCase());
        };
    }

    /** One check_on_whatsapp entry: the pn only for a registered number. */
    public static OnWhatsApp onWhatsApp(ContactQuery.Registration r) {
        OnWhatsApp.Builder b = OnWhatsApp.newBuilder().setQuery(r.query() == null ? "" : r.query())
                .setRegistered(r.registered()).setBusiness(r.business());
        if (r.registered() && r.jid() != null) {
            b.setPn(r.jid().toString());
        }
        if (r.lid() != null) {
            b.setLid(r.lid().toString());
        }
        if (r.verifiedName() != null) {
            b.setVerifiedName(r.verifiedName());
        }
        return b.build();
    }

    static io.wabridge.proto.v1.BusinessProfile business(BusinessProfile p) {
        io.wabridge.proto.v1.BusinessProfile.Builder b = io.wabridge.proto.v1.BusinessProfile.newBuilder()
                .setJid(p.jid().toString()).setDescription(p.description()).setAddress(p.address())
                .setEmail(p.email()).addAllWebsites(p.websites()).addAllCategories(p.categories())
                .setHoursTimeZone(p.hoursTimeZone());
        for (BusinessProfile.Hours h : p.hours()) {
            b.addHours(BusinessHours.newBuilder().setDayOfWeek(h.dayOfWeek()).setMode(h.mode())
                    .setOpenMinutes(Math.max(0, h.openMinutes())).setCloseMinutes(Math.max(0, h.closeMinutes())));
        }
        return b.build();
    }

    /** The profile_update event of a client ProfileChanged. */
    public static ProfileUpdate update(ClientEvent.ProfileChanged c) {
        ProfileUpdate.Builder b = ProfileUpdate.newBuilder().setJid(c.jid().toString())
                .setKind(ProfileUpdate.Kind.valueOf(c.kind().name())).setTag(c.tag())
                .setTimestamp(EventFactory.timestamp(c.timestamp()));
        c.attrs().forEach((name, value) -> b.addAttributes(io.wabridge.proto.v1.Attribute.newBuilder()
                .setName(name).setValue(value)));
        if (c.author() != null) {
            b.setAuthor(c.author().toString());
        }
        if (c.pictureId() != null) {
            b.setPictureId(c.pictureId());
        }
        if (c.about() != null) {
            b.setAbout(c.about());
        }
        return b.build();
    }

    private static Jid target(String target) {
        return target.isEmpty() ? null : Jid.parse(target);
    }

    private static CommandResult ok(CommandResult.Ok.Builder ok) {
        return CommandResult.newBuilder().setOk(ok).build();
    }
}
