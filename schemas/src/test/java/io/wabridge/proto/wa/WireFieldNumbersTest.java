package io.wabridge.proto.wa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the field numbers of the WhatsApp wire messages by their encoded tag bytes. */
class WireFieldNumbersTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void handshakeMessageTags() {
        var msg = HandshakeMessage.newBuilder()
                .setClientHello(HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(new byte[] {7})))
                .build();
        // field 2 (len) { field 1 (len) 07 }
        assertArrayEquals(hex("12030a0107"), msg.toByteArray());
        var finish = HandshakeMessage.newBuilder()
                .setClientFinish(HandshakeMessage.ClientFinish.newBuilder().setPayload(ByteString.copyFrom(new byte[] {1})))
                .build();
        assertArrayEquals(hex("2203120101"), finish.toByteArray());
    }

    @Test
    void certChainTags() {
        var details = CertChain.NoiseCertificate.Details.newBuilder()
                .setSerial(2).setIssuerSerial(1).setKey(ByteString.copyFrom(new byte[] {9}))
                .setNotBefore(5).setNotAfter(6).build();
        assertArrayEquals(hex("080210011a01092005" + "2806"), details.toByteArray());
        var chain = CertChain.newBuilder()
                .setLeaf(CertChain.NoiseCertificate.newBuilder().setSignature(ByteString.copyFrom(new byte[] {1})))
                .setIntermediate(CertChain.NoiseCertificate.newBuilder().setDetails(ByteString.copyFrom(new byte[] {2})))
                .build();
        assertArrayEquals(hex("0a03120101" + "12030a0102"), chain.toByteArray());
    }

    @Test
    void clientPayloadLoginAndRegistrationTags() {
        var login = ClientPayload.newBuilder()
                .setUsername(1).setPassive(false).setDevice(3).setPull(true)
                .build();
        // 1:varint, 3:varint, 18:varint (0x90 0x01), 33:varint (0x88 0x02)
        assertArrayEquals(hex("0801" + "1800" + "900103" + "880201"), login.toByteArray());

        var reg = ClientPayload.newBuilder()
                .setDevicePairingData(ClientPayload.DevicePairingRegistrationData.newBuilder()
                        .setEKeytype(ByteString.copyFrom(new byte[] {5}))
                        .setDeviceProps(ByteString.copyFrom(new byte[] {8})))
                .setUserAgent(ClientPayload.UserAgent.newBuilder().setPlatform(ClientPayload.UserAgent.Platform.WEB))
                .setWebInfo(ClientPayload.WebInfo.newBuilder()
                        .setWebSubPlatform(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER))
                .setDnsSource(ClientPayload.DNSSource.newBuilder()
                        .setDnsMethod(ClientPayload.DNSSource.DNSResolutionMethod.SYSTEM))
                .build();
        // 5:{1:14} 6:{4:0} 15:{15:0 (0x78)} 19:{2:05 8:08} — protobuf-java writes fields in number order.
        assertArrayEquals(hex("2a02080e" + "32022000" + "7a027800" + "9a0106120105420108"), reg.toByteArray());
    }

    @Test
    void advAndDevicePropsTags() {
        var identity = ADVDeviceIdentity.newBuilder().setRawId(1).setTimestamp(2).setKeyIndex(3).build();
        assertArrayEquals(hex("080110021803"), identity.toByteArray());
        var signed = ADVSignedDeviceIdentity.newBuilder()
                .setDetails(ByteString.copyFrom(new byte[] {1}))
                .setAccountSignatureKey(ByteString.copyFrom(new byte[] {2}))
                .setAccountSignature(ByteString.copyFrom(new byte[] {3}))
                .setDeviceSignature(ByteString.copyFrom(new byte[] {4}))
                .build();
        assertArrayEquals(hex("0a0101120102" + "1a0103220104"), signed.toByteArray());
        var hmac = ADVSignedDeviceIdentityHMAC.newBuilder()
                .setDetails(ByteString.copyFrom(new byte[] {1})).setHmac(ByteString.copyFrom(new byte[] {2}))
                .setAccountType(ADVEncryptionType.HOSTED).build();
        assertArrayEquals(hex("0a0101120102" + "1801"), hmac.toByteArray());
        var list = ADVKeyIndexList.newBuilder().setCurrentIndex(2).addValidIndexes(1).addValidIndexes(2).build();
        assertArrayEquals(hex("1802" + "22020102"), list.toByteArray());
        var props = DeviceProps.newBuilder().setOs("x").setPlatformType(DeviceProps.PlatformType.CHROME)
                .setRequireFullSync(true).build();
        assertArrayEquals(hex("0a0178" + "1801" + "2001"), props.toByteArray());
        assertEquals(23, DeviceProps.PlatformType.CLOUD_API.getNumber());
    }
}
