package io.wabridge.store.postgres.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Table {@code credentials}: one row per session, its key the session id; {@code version} counts the saves. */
@Entity
@Table(name = "credentials")
public class CredentialsRow extends FencedRow {

    @Id
    @Column(name = "session_id", columnDefinition = "text")
    private String sessionId;
    @Column(name = "version", nullable = false)
    private long version;
    @Column(name = "noise_public", nullable = false)
    private byte[] noisePublic;
    @Column(name = "noise_private", nullable = false)
    private byte[] noisePrivate;
    @Column(name = "identity_public", nullable = false)
    private byte[] identityPublic;
    @Column(name = "identity_private", nullable = false)
    private byte[] identityPrivate;
    @Column(name = "registration_id", nullable = false)
    private int registrationId;
    @Column(name = "signed_prekey_id", nullable = false)
    private int signedPreKeyId;
    @Column(name = "signed_prekey_public", nullable = false)
    private byte[] signedPreKeyPublic;
    @Column(name = "signed_prekey_private", nullable = false)
    private byte[] signedPreKeyPrivate;
    @Column(name = "signed_prekey_signature", nullable = false)
    private byte[] signedPreKeySignature;
    @Column(name = "adv_secret", nullable = false)
    private byte[] advSecret;
    @Column(name = "me", columnDefinition = "text")
    private String me;
    @Column(name = "lid", columnDefinition = "text")
    private String lid;
    @Column(name = "platform", columnDefinition = "text")
    private String platform;
    @Column(name = "push_name", columnDefinition = "text")
    private String pushName;
    @Column(name = "locale", columnDefinition = "text")
    private String locale;
    @Column(name = "account")
    private byte[] account;
    @Column(name = "routing_info")
    private byte[] routingInfo;
    @Column(name = "app_state_key_id")
    private byte[] appStateKeyId;
    @Column(name = "next_prekey_id", nullable = false)
    private int nextPreKeyId;
    @Column(name = "first_unuploaded_prekey_id", nullable = false)
    private int firstUnuploadedPreKeyId;
    @Column(name = "registered", nullable = false)
    private boolean registered;

    protected CredentialsRow() {
    }

    public String sessionId() { return sessionId; }
    public long version() { return version; }
    public byte[] noisePublic() { return noisePublic; }
    public byte[] noisePrivate() { return noisePrivate; }
    public byte[] identityPublic() { return identityPublic; }
    public byte[] identityPrivate() { return identityPrivate; }
    public int registrationId() { return registrationId; }
    public int signedPreKeyId() { return signedPreKeyId; }
    public byte[] signedPreKeyPublic() { return signedPreKeyPublic; }
    public byte[] signedPreKeyPrivate() { return signedPreKeyPrivate; }
    public byte[] signedPreKeySignature() { return signedPreKeySignature; }
    public byte[] advSecret() { return advSecret; }
    public String me() { return me; }
    public String lid() { return lid; }
    public String platform() { return platform; }
    public String pushName() { return pushName; }
    public String locale() { return locale; }
    public byte[] account() { return account; }
    public byte[] routingInfo() { return routingInfo; }
    public byte[] appStateKeyId() { return appStateKeyId; }
    public int nextPreKeyId() { return nextPreKeyId; }
    public int firstUnuploadedPreKeyId() { return firstUnuploadedPreKeyId; }
    public boolean registered() { return registered; }
}
