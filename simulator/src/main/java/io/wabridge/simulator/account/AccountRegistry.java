package io.wabridge.simulator.account;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.simulator.group.GroupService;
import io.wabridge.simulator.messaging.MessagingService;
import io.wabridge.simulator.pairing.PairingService;
import io.wabridge.simulator.server.InteropSwitches;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's phone accounts by number and by LID, the pairing service their phones use, and the messaging
 * service that routes their devices' messages. Thread-safe.
 */
public final class AccountRegistry implements Accounts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LID_MIN = 100_000_000_000_000L;
    private static final long LID_SPAN = 900_000_000_000_000L;

    private final Clock clock;
    private final Map<String, PhoneAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, PhoneAccount> byLid = new ConcurrentHashMap<>();
    private final PairingService pairing;
    private final MessagingService messaging;
    private final GroupService groups;
    private final io.wabridge.simulator.newsletter.NewsletterServer newsletters;
    private final io.wabridge.simulator.status.StatusService statuses;
    private final io.wabridge.simulator.appstate.AppStateServer appState;
    private final io.wabridge.simulator.profile.ProfileService profiles;
    private final InteropSwitches interop = new InteropSwitches();
    private final java.util.List<java.util.function.BiConsumer<PhoneAccount, LinkedDevice>> linkListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public AccountRegistry(Clock clock) {
        this.clock = clock;
        this.pairing = new PairingService(this, clock);
        this.messaging = new MessagingService(this, clock);
        this.groups = new GroupService(this, messaging.router(), clock);
        messaging.groups(groups);
        groups.extend(new io.wabridge.simulator.community.CommunityServer(groups));
        this.newsletters = new io.wabridge.simulator.newsletter.NewsletterServer(messaging.router(), clock);
        this.appState = new io.wabridge.simulator.appstate.AppStateServer(messaging, clock);
        this.statuses = new io.wabridge.simulator.status.StatusService(this, messaging.router(), clock);
        statuses.blocking(messaging.blocking()::blocks);
        messaging.router().onStatus(statuses::accept);
        this.profiles = new io.wabridge.simulator.profile.ProfileService(this, messaging.router(), groups, clock);
    }

    /** Profiles: about texts, pictures, business profiles and their notifications. */
    public io.wabridge.simulator.profile.ProfileService profiles() {
        return profiles;
    }

    /** App-state sync: the accounts' collections, key shares, patches and snapshots. */
    public io.wabridge.simulator.appstate.AppStateServer appState() {
        return appState;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** What this server sends differently from WhatsApp, for clients' interoperability tests (all off by default). */
    @Override
    public InteropSwitches interop() {
        return interop;
    }

    /** Called (on the linking thread; do not block) whenever a companion is linked to an account. */
    public void onDeviceLinked(java.util.function.BiConsumer<PhoneAccount, LinkedDevice> listener) {
        linkListeners.add(listener);
    }

    void deviceLinked(PhoneAccount account, LinkedDevice device) {
        for (var listener : linkListeners) {
            try {
                listener.accept(account, device);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(AccountRegistry.class).warn("a link listener failed", e);
            }
        }
    }

    public PairingService pairing() {
        return pairing;
    }

    /** Message routing, mailboxes, and the simulated primary phones that speak Signal. */
    public MessagingService messaging() {
        return messaging;
    }

    /** The server's status updates ({@code status@broadcast}): routed posts and seen receipts. */
    public io.wabridge.simulator.status.StatusService statuses() {
        return statuses;
    }

    /** The server's newsletters (channels). */
    public io.wabridge.simulator.newsletter.NewsletterServer newsletters() {
        return newsletters;
    }

    /** The server's groups. */
    public GroupService groups() {
        return groups;
    }

    /** Creates an account whose phone runs Android. */
    public PhoneAccount create(String phoneNumber) {
        return create(phoneNumber, "android");
    }

    /**
     * Creates an account with a fresh account key, LID and ADV raw id.
     *
     * @param platform the phone's platform as pair-success names it (android, iphone, smba, smbi, ...)
     * @throws InvalidPhoneNumberException if the number is not 7 to 15 digits without a leading 0
     * @throws DuplicateAccountException   if the number has an account already
     */
    public PhoneAccount create(String phoneNumber, String platform) {
        validate(phoneNumber);
        PhoneAccount account;
        do {
            String lid = Long.toString(LID_MIN + Math.floorMod(RANDOM.nextLong(), LID_SPAN));
            account = new PhoneAccount(this, phoneNumber, lid, X25519.generateKeyPair(),
                    RANDOM.nextInt(1, Integer.MAX_VALUE), platform, clock.instant());
        } while (byLid.putIfAbsent(account.lid(), account) != null);
        if (accounts.putIfAbsent(phoneNumber, account) != null) {
            byLid.remove(account.lid(), account);
            throw new DuplicateAccountException("an account for " + phoneNumber + " exists already");
        }
        return account;
    }

    @Override
    public Optional<PhoneAccount> find(String phoneNumber) {
        return phoneNumber == null ? Optional.empty() : Optional.ofNullable(accounts.get(phoneNumber));
    }

    /** The account with this LID user part. */
    @Override
    public Optional<PhoneAccount> findByLid(String lid) {
        return lid == null ? Optional.empty() : Optional.ofNullable(byLid.get(lid));
    }

    /**
     * The account a user or device JID names, by phone number ({@code s.whatsapp.net}, {@code c.us}) or by LID
     * ({@code lid}); empty for other servers (groups, broadcasts, hosted users).
     */
    @Override
    public Optional<PhoneAccount> find(Jid jid) {
        if (jid == null) {
            return Optional.empty();
        }
        return switch (jid.server()) {
            case JidServer.WHATSAPP, JidServer.LEGACY_USER -> find(jid.user());
            case JidServer.LID -> findByLid(jid.user());
            default -> Optional.empty();
        };
    }

    /** @throws UnknownAccountException if there is no account for the number */
    @Override
    public PhoneAccount require(String phoneNumber) {
        return find(phoneNumber).orElseThrow(() -> new UnknownAccountException("no account for " + phoneNumber));
    }

    /** All accounts, by number. */
    public List<PhoneAccount> all() {
        List<PhoneAccount> list = new ArrayList<>(accounts.values());
        list.sort(Comparator.comparing(PhoneAccount::phoneNumber));
        return list;
    }

    static void validate(String phoneNumber) {
        if (phoneNumber == null || !phoneNumber.matches("[1-9][0-9]{6,14}")) {
            throw new InvalidPhoneNumberException("a phone number is 7 to 15 digits in international form without "
                    + "'+' or a leading 0, got '" + phoneNumber + "'");
        }
    }
}
