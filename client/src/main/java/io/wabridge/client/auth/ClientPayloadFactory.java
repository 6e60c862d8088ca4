package io.wabridge.client.auth;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.history.HistorySyncScope;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.Credentials;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.proto.wa.DeviceProps;
import com.google.protobuf.ByteString;

/**
 * Builds the ClientPayload sent in the Noise ClientFinish: a registration (a device that has not paired yet,
 * publishing its Signal identity and signed prekey) or a login (a paired device naming its phone number and
 * device number).
 */
public final class ClientPayloadFactory {
    private final ClientProfile profile;
    private final byte[] buildHash;
    private final byte[] deviceProps;

    public ClientPayloadFactory(ClientProfile profile) {
        this(profile, HistorySyncScope.RECENT);
    }

    /** @param history how much history the registration asks the phone for */
    public ClientPayloadFactory(ClientProfile profile, HistorySyncScope history) {
        this.profile = profile;
        this.buildHash = profile.version().buildHash();
        this.deviceProps = deviceProps(profile, history).toByteArray();
    }

    public ClientProfile profile() {
        return profile;
    }

    /** Registration or login, as the credentials call for. */
    public ClientPayload forCredentials(Credentials credentials) {
        return credentials.registered() ? login(credentials) : registration(credentials);
    }

    public ClientPayload registration(Credentials credentials) {
        var signedPreKey = credentials.signedPreKey();
        var pairing = ClientPayload.DevicePairingRegistrationData.newBuilder()
                .setERegid(ByteString.copyFrom(BigEndian.bytes(credentials.registrationId(), 4)))
                .setEKeytype(ByteString.copyFrom(new byte[] {XEdDsa.DJB_TYPE}))
                .setEIdent(ByteString.copyFrom(credentials.identityKey().publicKey()))
                .setESkeyId(ByteString.copyFrom(BigEndian.bytes(signedPreKey.id(), 3)))
                .setESkeyVal(ByteString.copyFrom(signedPreKey.keyPair().publicKey()))
                .setESkeySig(ByteString.copyFrom(signedPreKey.signature()))
                .setBuildHash(ByteString.copyFrom(buildHash))
                .setDeviceProps(ByteString.copyFrom(deviceProps));
        return base(credentials).setPassive(false).setPull(false).setDevicePairingData(pairing).build();
    }

    /**
     * @throws IllegalArgumentException if the stored {@code me} is not a phone-number device JID
     */
    public ClientPayload login(Credentials credentials) {
        Jid me;
        try {
            me = Jid.parse(credentials.me());
        } catch (InvalidJidException | NullPointerException e) {
            throw new IllegalArgumentException("stored 'me' is not a JID: " + credentials.me(), e);
        }
        long username;
        try {
            username = Long.parseUnsignedLong(me.user());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stored 'me' has no phone number user: " + me, e);
        }
        return base(credentials)
                .setUsername(username)
                .setDevice(me.device())
                .setPassive(profile.loginPassive())
                .setPull(true)
                .setLidDbMigrated(profile.lidDbMigrated())
                .build();
    }

    private ClientPayload.Builder base(Credentials credentials) {
        ClientProfile p = profile;
        ClientPayload.UserAgent.Builder agent = ClientPayload.UserAgent.newBuilder()
                .setPlatform(ClientPayload.UserAgent.Platform.WEB)
                .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder()
                        .setPrimary(p.version().primary())
                        .setSecondary(p.version().secondary())
                        .setTertiary(p.version().tertiary()))
                .setReleaseChannel(ClientPayload.UserAgent.ReleaseChannel.RELEASE)
                .setMcc("000")
                .setMnc("000")
                .setOsVersion(p.osVersion())
                .setManufacturer(p.manufacturer())
                .setDevice(p.device())
                .setOsBuildNumber(p.osVersion())
                .setLocaleLanguageIso6391(p.language())
                .setLocaleCountryIso31661Alpha2(p.country());
        ClientPayload.Builder payload = ClientPayload.newBuilder()
                .setUserAgent(agent)
                .setWebInfo(ClientPayload.WebInfo.newBuilder()
                        .setWebSubPlatform(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER))
                .setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
                .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED);
        if (credentials.pushName() != null && !credentials.pushName().isEmpty()) {
            payload.setPushName(credentials.pushName());
        }
        return payload;
    }

    /** What the phone shows about this companion, and how much history it wants. */
    static DeviceProps deviceProps(ClientProfile profile, HistorySyncScope history) {
        DeviceProps.Builder props = DeviceProps.newBuilder()
                .setOs(profile.os())
                .setVersion(DeviceProps.AppVersion.newBuilder().setPrimary(10).setSecondary(15).setTertiary(7))
                .setPlatformType(profile.platformType())
                .setRequireFullSync(false)
                .setHistorySyncConfig(DeviceProps.HistorySyncConfig.newBuilder()
                        .setStorageQuotaMb(10240)
                        .setInlineInitialPayloadInE2EeMsg(true)
                        .setSupportCallLogHistory(false)
                        .setSupportBotUserAgentChatHistory(true)
                        .setSupportCagReactionsAndPolls(true)
                        .setSupportBizHostedMsg(true)
                        .setSupportRecentSyncChunkMessageCountTuning(true)
                        .setSupportHostedGroupMsg(true)
                        .setSupportFbidBotChatHistory(true));
        history.apply(props);
        return props.build();
    }

}
