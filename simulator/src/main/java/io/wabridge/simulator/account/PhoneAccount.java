package io.wabridge.simulator.account;

import io.wabridge.client.binary.Node;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.simulator.server.InteropSwitches;
import io.wabridge.simulator.server.ServerIds;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.StreamErrorKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One WhatsApp account: a phone number, its LID, the simulated primary phone that owns the account signing key,
 * the companions linked to it with their Signal keys, and the connection each one is logged in on.
 *
 * <p>Thread safety: every method locks this account. Connections (each on its own serial executor), the control
 * API and tests all touch an account, but only for map updates that take microseconds; a per-account executor
 * would turn each read during login into a hop and a future for no gain. Crypto and network writes stay outside
 * the lock: stanzas to a device's connection go through {@link ServerSession#push}/{@link ServerSession#terminate},
 * which run on that connection's executor.
 */
public final class PhoneAccount {
    /** Fewer one-time prekeys than this left and the device is told to upload more. */
    public static final int LOW_PREKEY_THRESHOLD = 5;

    private final String phoneNumber;
    private final String lid;
    private final X25519KeyPair accountKey;
    private final int advRawId;
    private final String platform;
    private final Instant createdAt;
    private final SimulatedPhone phone;
    private final AccountRegistry registry;

    private final TreeMap<Integer, LinkedDevice> devices = new TreeMap<>();
    private final Map<Integer, DeviceKeys> keys = new HashMap<>();
    private final Map<Integer, ServerSession> sessions = new HashMap<>();
    private final Map<Integer, Integer> forcedLoginFailures = new HashMap<>();
    private int nextDeviceId = 1;
    /** Logins that replaced a still-open connection of the same device ({@code conflict replaced}). */
    private int replacedLogins;
    private int nextKeyIndex = 1;
    private volatile String pushName;
    private final AccountProfile profile = new AccountProfile();
    private volatile boolean lidOnly;
    private final InteropSwitches interop;

    PhoneAccount(AccountRegistry registry, String phoneNumber, String lid, X25519KeyPair accountKey, int advRawId,
                 String platform, Instant createdAt) {
        this.phoneNumber = phoneNumber;
        this.lid = lid;
        this.accountKey = accountKey;
        this.advRawId = advRawId;
        this.platform = platform;
        this.createdAt = createdAt;
        this.phone = new SimulatedPhone(this, registry);
        this.registry = registry;
        this.interop = registry.interop();
    }

    /**
     * A LID-only account (its number hidden, as WhatsApp does for users who keep it private): its phone sends 1:1
     * messages to its contacts' LIDs only, and the server names it by LID without {@code sender_pn}.
     */
    public boolean lidOnly() {
        return lidOnly;
    }

    public PhoneAccount lidOnly(boolean on) {
        lidOnly = on;
        return this;
    }

    /** The server's interoperability switches (see {@link InteropSwitches}). */
    public InteropSwitches interop() {
        return interop;
    }

    /** International digits, e.g. 15550001111. */
    public String phoneNumber() {
        return phoneNumber;
    }

    /** The account's LID user part (digits). */
    public String lid() {
        return lid;
    }

    /** {@code PHONE@s.whatsapp.net}. */
    public Jid jid() {
        return Jid.pn(phoneNumber);
    }

    /** {@code LID@lid}. */
    public Jid lidJid() {
        return Jid.lid(lid);
    }

    /** The simulated primary phone: scans QR codes, confirms pairing codes, unlinks devices. */
    public SimulatedPhone phone() {
        return phone;
    }

    /** The account (ADV) signing public key, 32 raw bytes; also the primary device's Signal identity. */
    public byte[] accountPublicKey() {
        return accountKey.publicKey().clone();
    }

    /**
     * The phone's account key pair, private half included: the simulated phone signs device identities with it,
     * and tests may sign deliberately odd ones. A real server never holds this key; the simulator plays the phone.
     */
    public X25519KeyPair accountKeyPair() {
        return accountKey;
    }

    /** The account's ADV raw id, signed into every device identity. */
    public int advRawId() {
        return advRawId;
    }

    /** The primary phone's platform, sent to companions in pair-success (e.g. android, iphone, smba). */
    public String platform() {
        return platform;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The name the account's messages carry ({@code notify}), or null; set by the user on the phone. */
    public String pushName() {
        return pushName;
    }

    public void pushName(String name) {
        this.pushName = name;
    }

    /** The about text, picture, business profile and their visibility (see {@link AccountProfile}). */
    public AccountProfile profile() {
        return profile;
    }

    // ---- devices ----

    public synchronized List<LinkedDevice> devices() {
        return List.copyOf(devices.values());
    }

    public synchronized Optional<LinkedDevice> device(int deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    /** Every device of the account as usync lists it: 0 (the phone itself), then the linked companions. */
    public synchronized List<Integer> deviceIds() {
        List<Integer> ids = new ArrayList<>(devices.size() + 1);
        ids.add(0);
        ids.addAll(devices.keySet());
        return ids;
    }

    /** Whether the device exists: 0 always (the phone), others while linked. */
    public synchronized boolean hasDevice(int deviceId) {
        return deviceId == 0 || devices.containsKey(deviceId);
    }

    public LinkedDevice requireDevice(int deviceId) {
        return device(deviceId).orElseThrow(() -> unknownDevice(deviceId));
    }

    /** A device id and ADV key index for a companion about to be linked; never reused, like WhatsApp's. */
    public synchronized DeviceSlot reserveDevice() {
        return new DeviceSlot(nextDeviceId++, nextKeyIndex++);
    }

    /** The device number and key index a pairing signs before the device exists. */
    public record DeviceSlot(int deviceId, int keyIndex) {}

    /**
     * Registers a paired companion with the keys it registered with (the signed prekey of its registration
     * payload). Replaces nothing: the slot must come from {@link #reserveDevice()}.
     */
    public synchronized void addDevice(LinkedDevice device, PublishedSignedPreKey signedPreKey) {
        if (devices.containsKey(device.id())) {
            throw new IllegalStateException("device " + device.id() + " of " + phoneNumber + " exists already");
        }
        devices.put(device.id(), device);
        keys.put(device.id(), new DeviceKeys(device.registrationId(), device.identityKey(), signedPreKey));
        registry.deviceLinked(this, device);
    }

    /**
     * Unlinks a device: forgets it and its keys, and a connection it is logged in on gets
     * {@code <stream:error code="401"><conflict type="device_removed"/>} and is closed.
     *
     * @throws UnknownDeviceException if no such device is linked
     */
    public void removeDevice(int deviceId) {
        ServerSession session;
        synchronized (this) {
            if (devices.remove(deviceId) == null) {
                throw unknownDevice(deviceId);
            }
            keys.remove(deviceId);
            forcedLoginFailures.remove(deviceId);
            session = sessions.remove(deviceId);
        }
        if (session != null) {
            session.terminate(StreamErrorKind.DEVICE_REMOVED);
        }
    }

    // ---- connections ----

    /** The connection this device is logged in on, if any. */
    public synchronized Optional<ServerSession> session(int deviceId) {
        return Optional.ofNullable(sessions.get(deviceId));
    }

    /**
     * Records a logged-in connection of a device and returns the one it replaces (which the caller ends with
     * {@code conflict replaced}), or null. Fails if the device was unlinked meanwhile.
     */
    public synchronized ServerSession attachSession(int deviceId, ServerSession session) {
        if (!devices.containsKey(deviceId)) {
            throw unknownDevice(deviceId);
        }
        ServerSession previous = sessions.put(deviceId, session);
        if (previous != null && previous != session && !previous.isClosed()) {
            replacedLogins++;
        }
        return previous;
    }

    /**
     * How many logins of this account's devices took over a connection that was still open, each of which the
     * server ends with {@code conflict replaced}: two clients running the same device fight this way.
     */
    public synchronized int replacedLogins() {
        return replacedLogins;
    }

    /** Forgets a closed connection, unless a newer one of the same device has taken its place. */
    public synchronized void detachSession(int deviceId, ServerSession session) {
        sessions.remove(deviceId, session);
    }

    /**
     * Ends a device's current connection with a stream error (test and control API).
     *
     * @return false if the device is not connected
     * @throws UnknownDeviceException if no such device is linked
     */
    public boolean sendStreamError(int deviceId, StreamErrorKind kind) {
        ServerSession session = connection(deviceId);
        if (session == null) {
            return false;
        }
        session.terminate(kind);
        return true;
    }

    /**
     * Sends any stanza to a device's current connection, as the server (tests and fault injection: odd or hostile
     * stanzas a client must survive).
     *
     * @return false if the device is not connected
     * @throws UnknownDeviceException if no such device is linked
     */
    public boolean push(int deviceId, Node stanza) {
        ServerSession session = connection(deviceId);
        if (session == null) {
            return false;
        }
        session.push(stanza);
        return true;
    }

    /** The device's current connection, or null when it is not connected. */
    private synchronized ServerSession connection(int deviceId) {
        requireLinked(deviceId);
        return sessions.get(deviceId);
    }

    /** The next login of this device is refused with {@code <failure reason=REASON/>} (e.g. 405, 403, 503). */
    public synchronized void failNextLogin(int deviceId, int reason) {
        requireLinked(deviceId);
        forcedLoginFailures.put(deviceId, reason);
    }

    /** A failure reason set by {@link #failNextLogin}, consumed by the login it applies to; 0 for none. */
    public synchronized int takeForcedLoginFailure(int deviceId) {
        Integer reason = forcedLoginFailures.remove(deviceId);
        return reason == null ? 0 : reason;
    }

    // ---- prekeys ----

    /**
     * Publishes the primary phone's (device 0) Signal keys, as the phone does at registration: its identity is the
     * account key. Replaces what was published before.
     */
    public synchronized void publishPrimaryKeys(int registrationId, PublishedSignedPreKey signedPreKey,
                                                List<PublishedPreKey> preKeys) {
        DeviceKeys primary = new DeviceKeys(registrationId, accountKey.publicKey(), signedPreKey);
        primary.addPreKeys(preKeys);
        keys.put(0, primary);
    }

    /** Whether the device has published Signal keys (companions from pairing; the phone once it published). */
    public synchronized boolean hasKeys(int deviceId) {
        return keys.containsKey(deviceId);
    }

    /** How many one-time prekeys the server holds for the device. */
    public synchronized int preKeyCount(int deviceId) {
        return requireKeys(deviceId).preKeyCount();
    }

    /**
     * Stores a device's prekey upload.
     *
     * @throws KeyUploadRejectedException if the upload's registration id or identity is not the device's
     */
    public synchronized void storePreKeys(int deviceId, int registrationId, byte[] identityKey,
                                          PublishedSignedPreKey signedPreKey, List<PublishedPreKey> preKeys) {
        DeviceKeys deviceKeys = requireKeys(deviceId);
        if (deviceKeys.registrationId() != registrationId) {
            throw new KeyUploadRejectedException("registration id " + registrationId + " is not the device's "
                    + deviceKeys.registrationId());
        }
        if (!java.util.Arrays.equals(deviceKeys.identityKey(), identityKey)) {
            throw new KeyUploadRejectedException("identity key is not the one the device paired with");
        }
        deviceKeys.signedPreKey(signedPreKey);
        deviceKeys.addPreKeys(preKeys);
    }

    /** Replaces a device's signed prekey ({@code <rotate>}). */
    public synchronized void rotateSignedPreKey(int deviceId, PublishedSignedPreKey signedPreKey) {
        requireKeys(deviceId).signedPreKey(signedPreKey);
    }

    /** What the server holds for a device, for a key digest: registration id, identity, signed and one-time prekeys. */
    public synchronized KeySnapshot keySnapshot(int deviceId) {
        DeviceKeys k = requireKeys(deviceId);
        return new KeySnapshot(k.registrationId(), k.identityKey().clone(), k.signedPreKey(), k.preKeys());
    }

    public record KeySnapshot(int registrationId, byte[] identityKey, PublishedSignedPreKey signedPreKey,
                              List<PublishedPreKey> preKeys) {}

    /**
     * Hands out a device's prekey bundle, consuming one one-time prekey. When fewer than
     * {@link #LOW_PREKEY_THRESHOLD} remain, a connected device gets {@code <notification type="encrypt"><count/>}.
     */
    public PreKeyBundle takePreKeyBundle(int deviceId) {
        PreKeyBundle bundle;
        int left;
        synchronized (this) {
            DeviceKeys k = requireKeys(deviceId);
            PublishedPreKey oneTime = k.takePreKey();
            bundle = new PreKeyBundle(deviceId, k.registrationId(), k.identityKey(), k.signedPreKey(), oneTime);
            left = k.preKeyCount();
        }
        if (left < LOW_PREKEY_THRESHOLD) {
            sendPreKeyLowNotification(deviceId);
        }
        return bundle;
    }

    /**
     * Tells the device's connection how many one-time prekeys the server has left
     * ({@code <notification type="encrypt" from="s.whatsapp.net"><count value=N/></notification>}).
     *
     * @return false if the device is not connected
     */
    public boolean sendPreKeyLowNotification(int deviceId) {
        ServerSession session;
        int count;
        synchronized (this) {
            count = requireKeys(deviceId).preKeyCount();
            session = sessions.get(deviceId);
        }
        if (session == null) {
            return false;
        }
        session.push(Node.builder("notification")
                .attr("id", ServerIds.next())
                .attr("from", Jid.SERVER)
                .attr("type", "encrypt")
                .attr("t", Instant.now().getEpochSecond())
                .children(Node.builder("count").attr("value", count).build())
                .build());
        return true;
    }

    /** {@code PHONE:ID@s.whatsapp.net} for a device number. */
    public Jid deviceJid(int deviceId) {
        return Jid.ofDevice(phoneNumber, deviceId, JidServer.WHATSAPP);
    }

    /** {@code LID:ID@lid} for a device number. */
    public Jid deviceLid(int deviceId) {
        return Jid.ofDevice(lid, deviceId, JidServer.LID);
    }

    private void requireLinked(int deviceId) {
        if (!devices.containsKey(deviceId)) {
            throw unknownDevice(deviceId);
        }
    }

    private DeviceKeys requireKeys(int deviceId) {
        DeviceKeys k = keys.get(deviceId);
        if (k == null) {
            throw unknownDevice(deviceId);
        }
        return k;
    }

    private UnknownDeviceException unknownDevice(int deviceId) {
        return new UnknownDeviceException("account " + phoneNumber + " has no linked device " + deviceId);
    }

    @Override
    public synchronized String toString() {
        return "PhoneAccount[" + phoneNumber + ", lid " + lid + ", devices " + devices.keySet() + "]";
    }

    /** A snapshot list of connected device ids (diagnostics). */
    public synchronized List<Integer> connectedDevices() {
        return new ArrayList<>(sessions.keySet());
    }
}
