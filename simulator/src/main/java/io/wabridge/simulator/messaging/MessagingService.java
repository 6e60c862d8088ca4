package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PreKeyBundle;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * 1:1 messaging on the simulated server: a {@link DeviceMailbox} per device, the {@link MessageRouter} that fills
 * them, the {@link PresenceRouter} for presence and chat states, and every account's phone (device 0) as a {@link SimulatedContact} that speaks Signal. A phone comes to
 * life on first use (its prekey bundle fetched, a message routed to it, a test asking for it), so accounts that
 * never message cost nothing. Thread-safe.
 */
public final class MessagingService implements PhoneNetwork, AutoCloseable {
    /** Stanzas kept per device until acknowledged; beyond it the oldest are dropped. */
    public static final int MAILBOX_CAPACITY = 5_000;
    /** Recent messages whose sending device the server remembers, for routing retry receipts. */
    static final int SENT_INDEX_CAPACITY = 50_000;

    private final Accounts accounts;
    private final Clock clock;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Mailboxes mailboxes;
    private final ConcurrentMap<String, SimulatedContact> phones = new ConcurrentHashMap<>();
    private final MessageRouter router;
    private final PresenceRouter presence;
    private final io.wabridge.simulator.privacy.PrivacyTokenService privacyTokens;
    private final io.wabridge.simulator.call.CallService calls;
    private final io.wabridge.simulator.blocking.BlockingService blocking;
    private final io.wabridge.simulator.disappearing.DefaultTimers defaultTimers;

    public MessagingService(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        this.mailboxes = new Mailboxes(MAILBOX_CAPACITY, this::contact);
        this.router = new MessageRouter(accounts, mailboxes, clock, new SentMessageIndex(SENT_INDEX_CAPACITY));
        this.presence = new PresenceRouter(accounts, mailboxes, clock);
        this.privacyTokens = new io.wabridge.simulator.privacy.PrivacyTokenService(accounts, clock, (account, node) -> {
            for (int device : account.deviceIds()) {
                if (device != 0) {
                    mailboxes.mailboxOf(account, device).offer(node);
                }
            }
        });
        router.privacyTokens(privacyTokens);
        this.calls = new io.wabridge.simulator.call.CallService(accounts, clock,
                (account, device, node) -> mailboxes.mailboxOf(account, device).offer(node));
        this.blocking = new io.wabridge.simulator.blocking.BlockingService(accounts, clock, this::toCompanions);
        router.blocking(blocking::blocks, blocking::readReceiptsOff);
        this.defaultTimers = new io.wabridge.simulator.disappearing.DefaultTimers(clock, this::toCompanions);
    }

    /** Puts a stanza in the mailbox of every linked (non-phone) device of an account but {@code except}. */
    private void toCompanions(PhoneAccount account, int except, io.wabridge.client.binary.Node node) {
        for (int device : account.deviceIds()) {
            if (device != 0 && device != except) {
                mailboxes.mailboxOf(account, device).offer(node);
            }
        }
    }

    /** The accounts' default disappearing-messages timers. */
    public io.wabridge.simulator.disappearing.DefaultTimers defaultTimers() {
        return defaultTimers;
    }

    /** Block lists and privacy settings: answered, announced to the other devices, enforced on routing. */
    public io.wabridge.simulator.blocking.BlockingService blocking() {
        return blocking;
    }

    /** Calls: ringing accounts' devices, timeouts, hang-ups, rejections. */
    public io.wabridge.simulator.call.CallService calls() {
        return calls;
    }

    /** Privacy tokens: issued by accounts to each other, checked on 1:1 messages. */
    public io.wabridge.simulator.privacy.PrivacyTokenService privacyTokens() {
        return privacyTokens;
    }

    @Override
    public MessageRouter router() {
        return router;
    }

    /** Lets group stanzas through to {@code groups} (see {@link GroupStanzas}). */
    public void groups(GroupStanzas groups) {
        router.groups(groups);
    }

    @Override
    public PresenceRouter presence() {
        return presence;
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    /** The account's phone as a messaging party, started (keys published, online) on first use. */
    public SimulatedContact contact(PhoneAccount account) {
        SimulatedContact phone = phones.get(account.phoneNumber());
        return phone != null ? phone
                : phones.computeIfAbsent(account.phoneNumber(), number -> SimulatedContact.start(account, this, pool, clock));
    }

    /** The phone of account {@code phoneNumber}; see {@link #contact(PhoneAccount)}. */
    public SimulatedContact contact(String phoneNumber) {
        return contact(accounts.require(phoneNumber));
    }

    /** The phone if it has been started. */
    public Optional<SimulatedContact> startedContact(String phoneNumber) {
        return Optional.ofNullable(phones.get(phoneNumber));
    }

    /**
     * Hands out a device's prekey bundle (one one-time prekey consumed); the phone's own bundle starts the phone
     * first, and the phone publishes more one-time prekeys when it runs low, as real phones do.
     *
     * @throws io.wabridge.simulator.account.UnknownDeviceException if the device is not linked
     */
    @Override
    public PreKeyBundle takeBundle(PhoneAccount account, int deviceId) {
        if (deviceId != 0) {
            return account.takePreKeyBundle(deviceId);
        }
        SimulatedContact phone = contact(account);
        PreKeyBundle bundle = account.takePreKeyBundle(0);
        phone.refillPreKeysIfLow();
        return bundle;
    }

    /**
     * Puts a device online: {@code sink} gets what is routed to it from now on, and the returned backlog (in order)
     * is what waited for it, which the caller sends first, on the executor {@code sink} enqueues onto.
     */
    @Override
    public List<Node> attach(PhoneAccount account, int deviceId, StanzaSink sink) {
        return mailboxes.mailboxOf(account, deviceId).attach(sink);
    }

    /** Takes a device offline again (its connection closed): later stanzas wait in its mailbox, its presence subscriptions end. */
    public void detach(PhoneAccount account, int deviceId, StanzaSink sink) {
        DeviceMailbox mailbox = mailboxes.existing(account, deviceId);
        if (mailbox != null && mailbox.detach(sink)) {
            presence.deviceOffline(account, deviceId);
        }
    }

    /** How many stanzas wait for a device's acknowledgement. */
    public int pending(PhoneAccount account, int deviceId) {
        DeviceMailbox mailbox = mailboxes.existing(account, deviceId);
        return mailbox == null ? 0 : mailbox.size();
    }

    /** Drops an unlinked device's mailbox. */
    public void forgetDevice(PhoneAccount account, int deviceId) {
        mailboxes.forget(account, deviceId);
    }

    /** Stops the phones' threads. */
    @Override
    public void close() {
        calls.close();
        pool.shutdownNow();
    }
}
