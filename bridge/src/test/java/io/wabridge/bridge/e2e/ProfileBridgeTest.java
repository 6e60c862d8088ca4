package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.OnWhatsApp;
import io.wabridge.proto.v1.ProfileUpdate;
import io.wabridge.simulator.account.AccountProfile;
import io.wabridge.simulator.account.PhoneAccount;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Profile and contacts through the bridge and Kafka: about and picture set (the picture made square by the
 * bridge, as the simulated server insists), the push name through app state, a contact's picture and about with the
 * refusals its privacy settings cause, on-WhatsApp checks, business profiles, a profile_update from the phone, and a
 * malformed profile command dead-lettered with an error result.
 */
@QuarkusTest
class ProfileBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "prof-1";
    private static final String PHONE = "15550008800";
    private static final String FRIEND = "15550008811";

    ProfileBridgeTest() {
        super(SESSION, "p-disconnect");
    }

    @Test
    void profileCommandsAndEventsFlowThroughKafka() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        PhoneAccount friend = simulator.create(FRIEND);
        kafka.linkByQr(account, "p-connect");

        // our about and picture
        assertTrue(run("p-about", "{\"setAbout\":{\"text\":\"Open 9-17\"}}").hasOk());
        assertEquals("Open 9-17", account.profile().about());
        String image = Base64.getEncoder().encodeToString(png(900, 600));
        CommandResult set = run("p-pic", "{\"setProfilePicture\":{\"image\":\"" + image + "\"}}");
        assertTrue(set.hasOk(), set.toString());
        assertEquals(account.profile().picture().id(), set.getOk().getPicture().getId());
        BufferedImage kept = ImageIO.read(new ByteArrayInputStream(account.profile().picture().jpeg()));
        assertEquals(600, kept.getWidth());
        assertEquals(600, kept.getHeight());
        assertEquals(ErrorCode.INVALID_IMAGE.name(), run("p-pic-bad", "{\"setProfilePicture\":{\"image\":\""
                + Base64.getEncoder().encodeToString("not an image".getBytes(StandardCharsets.UTF_8)) + "\"}}")
                .getError().getCode());

        // our push name, once the phone shared the app-state key
        simulator.appState().shareKeysNow(account);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        CommandResult named;
        int attempt = 0;
        do {
            named = run("p-name-" + attempt++, "{\"setPushName\":{\"name\":\"Acme Support\"}}");
            if (named.hasOk()) {
                break;
            }
            assertEquals(ErrorCode.APP_STATE_NOT_READY.name(), named.getError().getCode(), named.toString());
            Thread.sleep(200); // polling: the key share travels to the client
        } while (System.nanoTime() < deadline);
        assertTrue(named.hasOk(), named.toString());
        assertEquals("Acme Support", run("p-name-get", "{\"getPushName\":{}}").getOk().getPushName());

        // a contact's picture and about, and what its privacy settings refuse
        assertEquals(ErrorCode.PICTURE_NOT_SET.name(), run("p-get-none",
                "{\"getProfilePicture\":{\"jid\":\"" + FRIEND + "\"}}").getError().getCode());
        String friendPicture = simulator.profiles().setPicture(friend, 0, null, jpeg(96));
        simulator.profiles().setAbout(friend, 0, "Hiking");
        CommandResult picture = run("p-get-pic", "{\"getProfilePicture\":{\"jid\":\"+" + FRIEND + "\",\"preview\":true}}");
        assertEquals(friendPicture, picture.getOk().getPicture().getId());
        assertTrue(picture.getOk().getPicture().getUrl().startsWith("https://"));
        assertEquals("Hiking", run("p-get-about", "{\"getAbout\":{\"jid\":\"" + FRIEND + "\"}}").getOk().getAbout().getText());
        friend.profile().aboutVisibility(AccountProfile.Visibility.NOBODY);
        friend.profile().pictureVisibility(AccountProfile.Visibility.CONTACTS);
        assertEquals(ErrorCode.PROFILE_NOT_AUTHORIZED.name(), run("p-get-about-2",
                "{\"getAbout\":{\"jid\":\"" + FRIEND + "\"}}").getError().getCode());
        assertEquals(ErrorCode.PROFILE_NOT_AUTHORIZED.name(), run("p-get-pic-2",
                "{\"getProfilePicture\":{\"jid\":\"" + FRIEND + "\"}}").getError().getCode());
        assertEquals(ErrorCode.PROFILE_NOT_FOUND.name(), run("p-get-about-3",
                "{\"getAbout\":{\"jid\":\"15550008899\"}}").getError().getCode());

        // on WhatsApp, business profiles
        List<OnWhatsApp> found = run("p-check", "{\"checkOnWhatsapp\":{\"phones\":[\"+" + FRIEND
                + "\",\"1 555 000 8899\"]}}").getOk().getOnWhatsappList();
        assertEquals(2, found.size());
        assertTrue(found.get(0).getRegistered());
        assertEquals(FRIEND + "@s.whatsapp.net", found.get(0).getPn());
        assertEquals(friend.lidJid().toString(), found.get(0).getLid());
        assertFalse(found.get(1).getRegistered());
        assertEquals(ErrorCode.NOT_A_BUSINESS.name(), run("p-biz",
                "{\"getBusinessProfile\":{\"jid\":\"" + FRIEND + "\"}}").getError().getCode());
        friend.profile().business(new AccountProfile.Business("Friend's Bakery", "Bread", "1 Main St", "b@example.com",
                List.of("https://bakery.example"), "Bakery", "Europe/Berlin"));
        assertEquals("Bread", run("p-biz-2", "{\"getBusinessProfile\":{\"jid\":\"" + FRIEND + "\"}}").getOk()
                .getBusinessProfile().getDescription());

        // the phone changes our about: a profile_update
        simulator.profiles().setAbout(account, 0, "Back Monday");
        EventEnvelope update = events.awaitEvent(SESSION, e -> e.hasProfileUpdate()
                && e.getProfileUpdate().getKind() == ProfileUpdate.Kind.ABOUT);
        assertEquals("Back Monday", update.getProfileUpdate().getAbout());
        assertEquals(PHONE + "@s.whatsapp.net", update.getProfileUpdate().getJid());

        // a malformed profile command: dead-lettered, with an error result
        RecordMetadata bad = kafka.command("{\"commandId\":\"p-bad\",\"setPushName\":{\"name\":\"\"}}");
        assertEquals(ErrorCode.INVALID_COMMAND.name(), result("p-bad").getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals(ErrorCode.INVALID_COMMAND.name(), KafkaTap.header(dead, "dlq-reason-code"));
    }

    private CommandResult run(String id, String body) throws Exception {
        kafka.command("{\"commandId\":\"" + id + "\"," + body.substring(1));
        return result(id);
    }

    private CommandResult result(String id) {
        return events.awaitEvent(SESSION, e -> e.hasCommandResult() && id.equals(e.getCausationId())).getCommandResult();
    }


    private static byte[] png(int width, int height) throws Exception {
        return image(width, height, "png");
    }

    private static byte[] jpeg(int side) throws Exception {
        return image(side, side, "jpg");
    }

    private static byte[] image(int width, int height, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
