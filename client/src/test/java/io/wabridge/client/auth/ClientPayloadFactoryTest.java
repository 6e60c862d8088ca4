package io.wabridge.client.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.store.Credentials;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.proto.wa.DeviceProps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ClientPayloadFactoryTest {
    private final Credentials fresh = CredentialsFactory.create(new SecureRandom(), "Ana");
    private final ClientPayloadFactory factory = new ClientPayloadFactory(ClientProfile.defaults());

    @Test
    void registrationPublishesTheSignalIdentityAndSignedPreKey() throws Exception {
        ClientPayload p = factory.forCredentials(fresh);
        assertFalse(p.getPassive());
        assertFalse(p.getPull());
        assertFalse(p.hasUsername());
        var d = p.getDevicePairingData();
        assertArrayEquals(ByteBuffer.allocate(4).putInt(fresh.registrationId()).array(), d.getERegid().toByteArray());
        assertArrayEquals(new byte[] {5}, d.getEKeytype().toByteArray());
        assertArrayEquals(fresh.identityKey().publicKey(), d.getEIdent().toByteArray());
        assertEquals(32, d.getEIdent().size());
        assertArrayEquals(new byte[] {0, 0, 1}, d.getESkeyId().toByteArray());
        assertArrayEquals(fresh.signedPreKey().keyPair().publicKey(), d.getESkeyVal().toByteArray());
        assertTrue(XEdDsa.verify(d.getEIdent().toByteArray(), XEdDsa.withTypePrefix(d.getESkeyVal().toByteArray()),
                d.getESkeySig().toByteArray()));
        byte[] md5 = MessageDigest.getInstance("MD5").digest("2.3000.1043857760".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(md5, d.getBuildHash().toByteArray());
        DeviceProps props = DeviceProps.parseFrom(d.getDeviceProps());
        assertEquals("Mac OS", props.getOs());
        assertEquals(DeviceProps.PlatformType.CHROME, props.getPlatformType());
        assertFalse(props.getRequireFullSync());
        assertTrue(props.hasHistorySyncConfig());
        assertEquals("Ana", p.getPushName());
        assertCommon(p);
    }

    @Test
    void loginNamesThePhoneNumberAndDevice() {
        Credentials paired = fresh.toBuilder().me("15550001111:7@s.whatsapp.net").account(new byte[] {1})
                .registered(true).build();
        ClientPayload p = factory.forCredentials(paired);
        assertEquals(15550001111L, p.getUsername());
        assertEquals(7, p.getDevice());
        assertTrue(p.getPassive(), "current clients log in passive, then send <active/>");
        assertTrue(p.getPull());
        assertTrue(p.hasLidDbMigrated());
        assertFalse(p.hasDevicePairingData());
        assertCommon(p);
    }

    @Test
    void theClientVersionIsConfigurable() {
        ClientVersion version = ClientVersion.parse("2.3000.1099999999");
        ClientPayload p = new ClientPayloadFactory(ClientProfile.defaults().withVersion(version)).forCredentials(fresh);
        assertEquals(1099999999, p.getUserAgent().getAppVersion().getTertiary());
        assertArrayEquals(version.buildHash(), p.getDevicePairingData().getBuildHash().toByteArray());
        assertNotEquals(ByteBuffer.wrap(ClientVersion.DEFAULT.buildHash()), ByteBuffer.wrap(version.buildHash()));
        assertThrows(IllegalArgumentException.class, () -> ClientVersion.parse("2.3000"));
        assertThrows(IllegalArgumentException.class, () -> ClientVersion.parse("2.x.1"));
    }

    @Test
    void aStoredMeThatIsNotAPhoneNumberIsRefused() {
        Credentials broken = fresh.toBuilder().me("someone@lid").account(new byte[] {1}).registered(true).build();
        assertThrows(IllegalArgumentException.class, () -> factory.forCredentials(broken));
    }

    private static void assertCommon(ClientPayload p) {
        var agent = p.getUserAgent();
        assertEquals(ClientPayload.UserAgent.Platform.WEB, agent.getPlatform());
        assertEquals(2, agent.getAppVersion().getPrimary());
        assertEquals(3000, agent.getAppVersion().getSecondary());
        assertEquals(1043857760, agent.getAppVersion().getTertiary());
        assertEquals(ClientPayload.UserAgent.ReleaseChannel.RELEASE, agent.getReleaseChannel());
        assertEquals("Desktop", agent.getDevice());
        assertEquals("en", agent.getLocaleLanguageIso6391());
        assertEquals("US", agent.getLocaleCountryIso31661Alpha2());
        assertTrue(agent.hasOsVersion());
        assertTrue(agent.hasManufacturer());
        assertEquals(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER, p.getWebInfo().getWebSubPlatform());
        assertEquals(ClientPayload.ConnectType.WIFI_UNKNOWN, p.getConnectType());
        assertEquals(ClientPayload.ConnectReason.USER_ACTIVATED, p.getConnectReason());
    }
}
