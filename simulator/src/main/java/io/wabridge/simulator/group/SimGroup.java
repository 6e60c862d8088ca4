package io.wabridge.simulator.group;

import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group as the server keeps it: subject, creator, addressing mode, the member accounts with their roles, the
 * description, settings (announcement, locked, approval mode, ephemeral timer), the invite code and pending
 * membership requests.
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
    private String subject;
    private PhoneAccount subjectOwner;
    private Instant subjectTime;
    private String description = "";
    private String descriptionId = "";
    private boolean announcement;
    private boolean locked;
    private boolean approval;
    private int ephemeral;
    private String inviteCode;
    private final Map<PhoneAccount, Instant> requests = new LinkedHashMap<>();
    private final boolean lid;
    private final PhoneAccount creator;
    private final Instant created;
    private final Map<PhoneAccount, Role> members = new LinkedHashMap<>();
    private String communityApprovalMode;
    private Jid linkedParent;
    private boolean announcementGroup;

    SimGroup(Jid jid, String subject, boolean lid, PhoneAccount creator, Instant created) {
        this.jid = jid;
        this.subject = subject;
        this.subjectOwner = creator;
        this.subjectTime = created;
        this.lid = lid;
        this.creator = creator;
        this.created = created;
        members.put(creator, Role.SUPERADMIN);
    }

    public Jid jid() {
        return jid;
    }

    public synchronized String subject() {
        return subject;
    }

    synchronized void subject(String subject, PhoneAccount by, Instant at) {
        this.subject = subject;
        this.subjectOwner = by;
        this.subjectTime = at;
    }

    public synchronized PhoneAccount subjectOwner() {
        return subjectOwner;
    }

    public synchronized Instant subjectTime() {
        return subjectTime;
    }

    public synchronized String description() {
        return description;
    }

    public synchronized String descriptionId() {
        return descriptionId;
    }

    public synchronized void description(String text, String id) {
        this.description = text;
        this.descriptionId = text.isEmpty() ? "" : id;
    }

    /** Announcement mode: only admins may send. */
    public synchronized boolean announcement() {
        return announcement;
    }

    synchronized void announcement(boolean on) {
        this.announcement = on;
    }

    /** Locked: only admins may edit the group's info. */
    public synchronized boolean locked() {
        return locked;
    }

    synchronized void locked(boolean on) {
        this.locked = on;
    }

    /** Approval mode: joining by invite needs an admin's approval. */
    public synchronized boolean approval() {
        return approval;
    }

    synchronized void approval(boolean on) {
        this.approval = on;
    }

    /** The disappearing-messages timer in seconds, 0 = off. */
    public synchronized int ephemeral() {
        return ephemeral;
    }

    synchronized void ephemeral(int seconds) {
        this.ephemeral = seconds;
    }

    /** The current invite code, made on first use. */
    synchronized String inviteCode(java.util.function.Supplier<String> fresh) {
        if (inviteCode == null) {
            inviteCode = fresh.get();
        }
        return inviteCode;
    }

    synchronized String peekInviteCode() {
        return inviteCode;
    }

    synchronized void revokeInvite() {
        inviteCode = null;
    }

    /** Whether the account may change the group's info (subject, description, timer): admins, or anyone unlocked. */
    public synchronized boolean mayEditInfo(PhoneAccount account) {
        return members.containsKey(account) && (!locked || isAdmin(account));
    }

    public synchronized boolean isAdmin(PhoneAccount account) {
        Role r = members.get(account);
        return r == Role.ADMIN || r == Role.SUPERADMIN;
    }

    /** Sets a member's role; the creator stays super admin. False if not a member. */
    synchronized boolean role(PhoneAccount account, Role role) {
        Role current = members.get(account);
        if (current == null) {
            return false;
        }
        if (current != Role.SUPERADMIN) {
            members.put(account, role);
        }
        return true;
    }

    /** Pending membership requests (approval mode), oldest first. */
    public synchronized Map<PhoneAccount, Instant> requests() {
        return new LinkedHashMap<>(requests);
    }

    synchronized boolean request(PhoneAccount account, Instant at) {
        return requests.putIfAbsent(account, at) == null;
    }

    synchronized boolean dropRequest(PhoneAccount account) {
        return requests.remove(account) != null;
    }

    /** A community ({@code <parent default_membership_approval_mode>}): set at creation. */
    public synchronized boolean community() {
        return communityApprovalMode != null;
    }

    /** A community's {@code default_membership_approval_mode}, null when the group is not a community. */
    public synchronized String communityApprovalMode() {
        return communityApprovalMode;
    }

    /** Makes the group a community (before anyone is told of it). */
    public synchronized void makeCommunity(String approvalMode) {
        this.communityApprovalMode = approvalMode == null ? "" : approvalMode;
    }

    /** The community this group is linked to ({@code <linked_parent jid>}), null when none. */
    public synchronized Jid linkedParent() {
        return linkedParent;
    }

    public synchronized void linkedParent(Jid community) {
        this.linkedParent = community;
    }

    /** A community's announcement group ({@code <default_sub_group/>}): announcement mode, only admins post. */
    public synchronized boolean announcementGroup() {
        return announcementGroup;
    }

    /** Makes the group its community's announcement group (announcement mode on). */
    public synchronized void makeAnnouncementGroup(Jid community) {
        this.announcementGroup = true;
        this.announcement = true;
        this.linkedParent = community;
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
        requests.remove(account);
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
