package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.ProfileChanged;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.profile.BusinessProfile;
import io.wabridge.client.profile.ProfileException;
import io.wabridge.client.profile.ProfilePicture;
import io.wabridge.client.profile.Profiles;
import io.wabridge.client.session.Failures;
import io.wabridge.client.usync.ContactQuery;
import io.wabridge.simulator.account.AccountProfile;
import io.wabridge.simulator.account.PhoneAccount;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Profile and contacts from our client through the simulator: our push name, about and picture (the image made
 * square by the client, which the server insists on), a contact's picture URL and about with the refusals its
 * privacy settings cause, on-WhatsApp checks with LID and business flags, business profiles, and the picture /
 * status notifications a change made on another of our devices (the phone) brings.
 */
class WaClientProfileTest {
    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static ProfileException.Reason refused(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof java.util.concurrent.ExecutionException ee) {
                cause = ee.getCause();
            }
            return assertInstanceOf(ProfileException.class, cause, String.valueOf(cause)).reason();
        }
        throw new AssertionError("not refused");
    }

    static byte[] png(int width, int height) throws Exception {
        return ProfileTestImages.image(width, height, "png");
    }

    private ProfileChanged awaitChange(Jid jid, ProfileChanged.Kind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ClientEvent e : setup.all) {
                if (e instanceof ProfileChanged p && p.jid().equals(jid) && p.kind() == kind) {
                    setup.all.remove(e);
                    return p;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + kind + " of " + jid + "; saw " + setup.all);
    }

    @Test
    void ourOwnProfileNameAboutAndPicture() throws Exception {
        setup = new SimulatedSetup().link();
        Profiles profile = setup.client.profile();

        get(profile.setAbout("Open 9-17"));
        assertEquals("Open 9-17", setup.me.profile().about());
        assertEquals("Open 9-17", get(profile.about(setup.me.jid())).text());

        // an 800 x 500 PNG: the client makes a 500 x 500 JPEG of its middle, which the server accepts
        String id = get(profile.setPicture(null, MediaSource.ofBytes(png(800, 500))));
        AccountProfile.Picture stored = setup.me.profile().picture();
        assertNotNull(stored);
        assertEquals(id, stored.id());
        BufferedImage kept = ImageIO.read(new ByteArrayInputStream(stored.jpeg()));
        assertEquals(500, kept.getWidth());
        assertEquals(500, kept.getHeight());
        ProfilePicture mine = get(profile.picture(setup.me.jid(), false));
        assertEquals(id, mine.id());
        assertTrue(mine.url().startsWith("https://"), mine.url());
        // large images are scaled to 640
        get(profile.setPicture(setup.me.jid(), MediaSource.ofBytes(png(1500, 1500))));
        assertEquals(640, ImageIO.read(new ByteArrayInputStream(setup.me.profile().picture().jpeg())).getWidth());
        assertEquals(ProfileException.Reason.INVALID_IMAGE,
                refused(profile.setPicture(null, MediaSource.ofBytes("not an image".getBytes()))));
        get(profile.removePicture(null));
        assertNull(setup.me.profile().picture());
        assertEquals(ProfileException.Reason.PICTURE_NOT_SET, refused(profile.picture(setup.me.jid(), true)));
        assertEquals(ProfileException.Reason.PROFILE_NOT_FOUND, refused(profile.about(Jid.pn("15559990000"))));
    }

    @Test
    void ourPushNameIsAnAppStateSettingKeptInOurCredentials() throws Exception {
        SimulatedSetup[] holder = new SimulatedSetup[1];
        holder[0] = new SimulatedSetup(config -> config.withMedia(io.wabridge.client.media.MediaSettings.DEFAULTS
                .withTls(io.wabridge.client.media.MediaTls.trustingPem(holder[0].simulator.media().server().certificatePem()))));
        var appState = holder[0].simulator.accounts().appState();
        appState.shareKeys(true);
        setup = holder[0].link();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (setup.store.appStateKeys().latest().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Profiles profile = setup.client.profile();

        get(profile.setPushName("Acme Support"));
        assertEquals("Acme Support", get(profile.pushName()));
        assertEquals("Acme Support", get(setup.client.credentials()).orElseThrow().pushName(), "kept for the next login");
        assertEquals(1, appState.collection(setup.me, "critical_block").version(), "one setting_pushName patch");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> profile.setPushName(" "));
    }

    @Test
    void aContactsPictureAboutAndTheirPrivacy() throws Exception {
        setup = new SimulatedSetup().link();
        Profiles profile = setup.client.profile();
        PhoneAccount alice = setup.alice.account();
        var service = setup.simulator.accounts().profiles();

        assertEquals(ProfileException.Reason.PICTURE_NOT_SET, refused(profile.picture(alice.jid(), true)));
        service.setAbout(alice, 0, "Hiking");
        ContactQuery.About about = get(profile.about(alice.jid()));
        assertEquals("Hiking", about.text());
        assertNotNull(about.setAt());
        String pictureId = service.setPicture(alice, 0, null, ProfileTestImages.squareJpeg(96));
        ProfilePicture preview = get(profile.picture(alice.jid(), true));
        assertEquals(pictureId, preview.id());
        assertTrue(preview.preview());
        assertEquals(pictureId, get(profile.picture(alice.lidJid(), false)).id(), "asked by LID");

        alice.profile().pictureVisibility(AccountProfile.Visibility.CONTACTS);
        alice.profile().aboutVisibility(AccountProfile.Visibility.NOBODY);
        assertEquals(ProfileException.Reason.NOT_AUTHORIZED, refused(profile.picture(alice.jid(), false)));
        assertEquals(ProfileException.Reason.NOT_AUTHORIZED, refused(profile.about(alice.jid())));
        alice.profile().addContact(setup.me.phoneNumber());
        assertEquals(pictureId, get(profile.picture(alice.jid(), false)).id(), "alice saved us: contacts see it");
    }

    @Test
    void onWhatsAppAndBusinessProfiles() throws Exception {
        setup = new SimulatedSetup().link();
        Profiles profile = setup.client.profile();
        PhoneAccount shop = setup.simulator.accounts().create("15550004444");
        shop.profile().business(new AccountProfile.Business("Corner Shop", "Fresh bread", "1 Main St", "hi@shop.example",
                List.of("https://shop.example"), "Bakery", "Europe/Berlin"));

        List<ContactQuery.Registration> found = get(profile.onWhatsApp(List.of("+15550002222", "15550004444",
                "1 555 999 0000")));
        assertEquals(3, found.size());
        ContactQuery.Registration alice = found.get(0);
        assertTrue(alice.registered());
        assertEquals(setup.alice.account().jid(), alice.jid());
        assertEquals(setup.alice.account().lidJid(), alice.lid());
        assertFalse(alice.business());
        assertEquals("+15550002222", alice.query());
        assertTrue(found.get(1).registered());
        assertTrue(found.get(1).business());
        assertEquals("Corner Shop", found.get(1).verifiedName());
        assertFalse(found.get(2).registered(), "no such account");
        assertEquals("+15559990000", found.get(2).query());
        assertEquals(setup.alice.account().lidJid(),
                setup.client.lidMappings().lidFor(setup.alice.account().jid()).orElse(null), "the LID was learned");

        BusinessProfile biz = get(profile.businessProfile(shop.jid()));
        assertEquals(shop.jid(), biz.jid());
        assertEquals("Fresh bread", biz.description());
        assertEquals("1 Main St", biz.address());
        assertEquals("hi@shop.example", biz.email());
        assertEquals(List.of("https://shop.example"), biz.websites());
        assertEquals(List.of("Bakery"), biz.categories());
        assertEquals("Europe/Berlin", biz.hoursTimeZone());
        assertEquals(1, biz.hours().size());
        assertEquals(ProfileException.Reason.NOT_A_BUSINESS, refused(profile.businessProfile(setup.alice.account().jid())));
    }

    @Test
    void changesMadeOnAnotherOfOurDevicesArriveAsEvents() throws Exception {
        setup = new SimulatedSetup().link();
        var service = setup.simulator.accounts().profiles();
        // the phone (device 0) changes our profile: our companion is told
        service.setAbout(setup.me, 0, "Back Monday");
        assertEquals("Back Monday", awaitChange(setup.me.jid(), ProfileChanged.Kind.ABOUT).about());
        String id = service.setPicture(setup.me, 0, null, ProfileTestImages.squareJpeg(64));
        ProfileChanged set = awaitChange(setup.me.jid(), ProfileChanged.Kind.PICTURE_SET);
        assertEquals(id, set.pictureId());
        assertEquals(setup.me.jid(), set.author());
    }
}
