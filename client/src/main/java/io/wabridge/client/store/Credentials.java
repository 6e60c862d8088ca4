package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that identifies this client as one linked device, saved and loaded as ONE unit
 * ({@link CredentialsStore#save}), so a crash between pairing steps never leaves a half-written set that looks
 * usable: {@link #registered()} only becomes true together with the pairing results ({@link #me()} and
 * {@link #account()}), in the same write.
 *
 * <p>Immutable: byte arrays are copied in and out. Change one field with {@link #toBuilder()}.
 *
 * @param noiseKey                the static Noise key pair
 * @param identityKey             the Signal identity key pair
 * @param registrationId          the Signal registration id (14 bits)
 * @param signedPreKey            the current signed prekey
 * @param advSecret               the 32-byte ADV secret shown in the QR code, keys the pairing HMAC
 * @param me                      this device's phone-number JID ({@code user:device@s.whatsapp.net}), null before pairing
 * @param lid                     this device's LID JID, null until the server tells it
 * @param platform                the primary device's platform from pair-success, nullable
 * @param pushName                our display name, nullable
 * @param account                 the serialized ADVSignedDeviceIdentity from pairing, with our device signature and the
 *                                account signature key (outgoing pkmsg stanzas carry it), null before pairing
 * @param routingInfo             the edge routing info to prefix on the next connection, nullable
 * @param appStateKeyId           id of the app-state sync key to encrypt our own mutations with, nullable
 * @param nextPreKeyId            the id the next generated one-time prekey gets
 * @param firstUnuploadedPreKeyId the lowest one-time prekey id not yet uploaded to the server
 * @param registered              true once pairing completed; only then may the client log in with these
 * @param locale                  the account's locale as app state set it ("en_US"), nullable
 */
public record Credentials(
        KeyPair noiseKey,
        KeyPair identityKey,
        int registrationId,
        SignedPreKey signedPreKey,
        byte[] advSecret,
        String me,
        String lid,
        String platform,
        String pushName,
        byte[] account,
        byte[] routingInfo,
        byte[] appStateKeyId,
        int nextPreKeyId,
        int firstUnuploadedPreKeyId,
        boolean registered,
        String locale) {

    public static final int ADV_SECRET_LENGTH = 32;
    public static final int MAX_REGISTRATION_ID = 0x3FFF;

    public Credentials {
        Objects.requireNonNull(noiseKey, "noiseKey");
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(signedPreKey, "signedPreKey");
        Objects.requireNonNull(advSecret, "advSecret");
        if (advSecret.length != ADV_SECRET_LENGTH) {
            throw new IllegalArgumentException("advSecret must be " + ADV_SECRET_LENGTH + " bytes, got " + advSecret.length);
        }
        if (registrationId < 0 || registrationId > MAX_REGISTRATION_ID) {
            throw new IllegalArgumentException("registrationId out of range: " + registrationId);
        }
        if (firstUnuploadedPreKeyId < 0 || nextPreKeyId < firstUnuploadedPreKeyId) {
            throw new IllegalArgumentException("prekey ids out of order: firstUnuploaded=" + firstUnuploadedPreKeyId
                    + " next=" + nextPreKeyId);
        }
        if (registered && (me == null || account == null)) {
            throw new IllegalArgumentException("registered credentials need 'me' and 'account'");
        }
        advSecret = advSecret.clone();
        account = copy(account);
        routingInfo = copy(routingInfo);
        appStateKeyId = copy(appStateKeyId);
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public byte[] advSecret() {
        return advSecret.clone();
    }

    @Override
    public byte[] account() {
        return copy(account);
    }

    @Override
    public byte[] routingInfo() {
        return copy(routingInfo);
    }

    @Override
    public byte[] appStateKeyId() {
        return copy(appStateKeyId);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.noiseKey = noiseKey;
        b.identityKey = identityKey;
        b.registrationId = registrationId;
        b.signedPreKey = signedPreKey;
        b.advSecret = advSecret;
        b.me = me;
        b.lid = lid;
        b.platform = platform;
        b.pushName = pushName;
        b.account = account;
        b.routingInfo = routingInfo;
        b.appStateKeyId = appStateKeyId;
        b.nextPreKeyId = nextPreKeyId;
        b.firstUnuploadedPreKeyId = firstUnuploadedPreKeyId;
        b.registered = registered;
        b.locale = locale;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c
                && noiseKey.equals(c.noiseKey) && identityKey.equals(c.identityKey)
                && registrationId == c.registrationId && signedPreKey.equals(c.signedPreKey)
                && Arrays.equals(advSecret, c.advSecret)
                && Objects.equals(me, c.me) && Objects.equals(lid, c.lid)
                && Objects.equals(platform, c.platform) && Objects.equals(pushName, c.pushName)
                && Arrays.equals(account, c.account) && Arrays.equals(routingInfo, c.routingInfo)
                && Arrays.equals(appStateKeyId, c.appStateKeyId)
                && nextPreKeyId == c.nextPreKeyId && firstUnuploadedPreKeyId == c.firstUnuploadedPreKeyId
                && registered == c.registered && Objects.equals(locale, c.locale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identityKey, registrationId, me, registered);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "Credentials[me=" + me + ", lid=" + lid + ", registrationId=" + registrationId
                + ", registered=" + registered + ", identity=" + identityKey + "]";
    }

    /** Mutable builder; {@link #build()} validates. Fresh builders start prekey ids at 1, as WhatsApp clients do. */
    public static final class Builder {
        private KeyPair noiseKey;
        private KeyPair identityKey;
        private int registrationId;
        private SignedPreKey signedPreKey;
        private byte[] advSecret;
        private String me;
        private String lid;
        private String platform;
        private String pushName;
        private byte[] account;
        private byte[] routingInfo;
        private byte[] appStateKeyId;
        private int nextPreKeyId = 1;
        private int firstUnuploadedPreKeyId = 1;
        private boolean registered;
        private String locale;

        private Builder() {
        }

        public Builder noiseKey(KeyPair v) { noiseKey = v; return this; }
        public Builder identityKey(KeyPair v) { identityKey = v; return this; }
        public Builder registrationId(int v) { registrationId = v; return this; }
        public Builder signedPreKey(SignedPreKey v) { signedPreKey = v; return this; }
        public Builder advSecret(byte[] v) { advSecret = v; return this; }
        public Builder me(String v) { me = v; return this; }
        public Builder lid(String v) { lid = v; return this; }
        public Builder platform(String v) { platform = v; return this; }
        public Builder pushName(String v) { pushName = v; return this; }
        public Builder account(byte[] v) { account = v; return this; }
        public Builder routingInfo(byte[] v) { routingInfo = v; return this; }
        public Builder appStateKeyId(byte[] v) { appStateKeyId = v; return this; }
        public Builder nextPreKeyId(int v) { nextPreKeyId = v; return this; }
        public Builder firstUnuploadedPreKeyId(int v) { firstUnuploadedPreKeyId = v; return this; }
        public Builder registered(boolean v) { registered = v; return this; }
        public Builder locale(String v) { locale = v; return this; }

        public Credentials build() {
            return new Credentials(noiseKey, identityKey, registrationId, signedPreKey, advSecret, me, lid, platform,
                    pushName, account, routingInfo, appStateKeyId, nextPreKeyId, firstUnuploadedPreKeyId, registered, locale);
        }
    }
}
