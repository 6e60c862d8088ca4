package io.wabridge.simulator.group;

import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group as the server keeps it: subject, creator, addressing mode and the member accounts with their roles.
 * Thread-safe (synchronized; members are read as snapshots).
 */
public final class SimGroup {

    /** A member's role, as {@code <participant type>} names it ({@code null} for a plain member). */
    public enum Role {
        MEMBER(null), ADMIN("admin"), SUPERADMIN("superadmin");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Jid jid;
    private final String subject;
    private final boolean lid;
    private final PhoneAccount creator;
    private final Instant created;
    private final Map<PhoneAccount, Role> members = new LinkedHashMap<>();

    SimGroup(Jid jid, String subject, boolean lid, PhoneAccount creator, Instant created) {
        this.jid = jid;
        this.subject = subject;
        this.lid = lid;
        this.creator = creator;
        this.created = created;
        members.put(creator, Role.SUPERADMIN);
    }

    public Jid jid() {
        return jid;
    }

    public String subject() {
        return subject;
    }

    /** Whether members are addressed by LID ({@code addressing_mode="lid"}). */
    public boolean lidAddressed() {
        return lid;
    }

    public PhoneAccount creator() {
        return creator;
    }

    public Instant created() {
        return created;
    }

    public synchronized List<PhoneAccount> members() {
        return new ArrayList<>(members.keySet());
    }

    public synchronized Role role(PhoneAccount account) {
        return members.get(account);
    }

    public synchronized boolean isMember(PhoneAccount account) {
        return members.containsKey(account);
    }

    synchronized boolean add(PhoneAccount account) {
        return members.putIfAbsent(account, Role.MEMBER) == null;
    }

    synchronized boolean remove(PhoneAccount account) {
        return members.remove(account) != null;
    }

    /** A member as this group addresses it (user, no device). */
    public Jid address(PhoneAccount account) {
        return lid ? account.lidJid() : account.jid();
    }

    /** One of a member's devices as this group addresses it. */
    public Jid deviceAddress(PhoneAccount account, int deviceId) {
        return lid ? account.deviceLid(deviceId) : account.deviceJid(deviceId);
    }

    /** Every device of every member, as addressed here. */
    public List<Jid> memberDevices() {
        List<Jid> devices = new ArrayList<>();
        for (PhoneAccount member : members()) {
            for (int device : member.deviceIds()) {
                devices.add(deviceAddress(member, device));
            }
        }
        return devices;
    }
}
