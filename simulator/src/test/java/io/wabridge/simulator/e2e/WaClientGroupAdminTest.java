package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.group.GroupInfo;
import io.wabridge.client.group.GroupMetadata;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.session.Failures;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group administration from our client through the simulator's {@code w:g2} iqs: create, participants with
 * per-participant codes, subject, description, settings, invites, leave and join, with each change seen as a
 * {@link GroupUpdate} event (the server tells our device too) and the refusals WhatsApp gives (not admin, not a
 * member, no such group, bad or revoked invite).
 */
class WaClientGroupAdminTest {
    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private GroupAdminException.Reason refused(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof java.util.concurrent.ExecutionException ee) {
                cause = ee.getCause();
            }
            return assertInstanceOf(GroupAdminException.class, cause, String.valueOf(cause)).reason();
        }
        throw new AssertionError("not refused");
    }

    private GroupUpdate awaitUpdate(Jid group, Kind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (ClientEvent e : setup.all) {
                if (e instanceof GroupUpdate u && u.group().equals(group) && u.kind() == kind) {
                    setup.all.remove(e);
                    return u;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + kind + " update of " + group + "; saw " + setup.all);
    }

    @Test
    void ourClientAdministersAGroupAndSeesEveryChange() throws Exception {
        setup = new SimulatedSetup().link();
        PhoneAccount bobAccount = setup.simulator.accounts().create("15550003333");
        SimulatedContact alice = setup.alice;
        GroupAdmin groups = setup.client.groups();

        GroupMetadata created = get(groups.create("Support", List.of(alice.account().jid(), bobAccount.jid(),
                Jid.pn("15559990000"))));
        Jid g = created.jid();
        assertEquals("Support", created.subject());
        assertEquals(3, created.info().participants().size(), "the unknown number is not added");
        assertEquals(GroupInfo.Role.SUPERADMIN, created.info().participants().stream()
                .filter(p -> p.jid().equals(setup.me.jid())).findFirst().orElseThrow().role());
        GroupUpdate create = awaitUpdate(g, Kind.CREATED);
        assertEquals(3, create.participants().size());
        assertEquals(setup.me.jid(), create.actor());

        // members can talk in it at once
        setup.client.sendMessage(g, new Text("welcome"), "ga-1").get(30, TimeUnit.SECONDS);
        ContactMessage atAlice = alice.awaitMessage(Duration.ofSeconds(20));
        assertNotNull(atAlice);
        assertEquals("welcome", atAlice.text());

        // per-participant results
        List<GroupAdmin.ParticipantResult> promoted = get(groups.participants(g, GroupAdmin.Action.PROMOTE,
                List.of(alice.account().jid(), Jid.pn("15559990000"))));
        assertEquals(List.of(200, 404), promoted.stream().map(GroupAdmin.ParticipantResult::code).toList());
        GroupUpdate promote = awaitUpdate(g, Kind.PARTICIPANTS_PROMOTED);
        assertEquals(alice.account().jid(), promote.participants().getFirst().pn());
        assertEquals(alice.account().lidJid(), promote.participants().getFirst().lid());
        assertEquals(409, get(groups.participants(g, GroupAdmin.Action.ADD, List.of(bobAccount.jid())))
                .getFirst().code(), "already a member");

        // subject, description (twice: the second names the first's id), settings
        get(groups.setSubject(g, "Support desk"));
        assertEquals("Support desk", awaitUpdate(g, Kind.SUBJECT).subject());
        get(groups.setDescription(g, "first"));
        get(groups.setDescription(g, "opening hours 9-17"));
        assertEquals("first", awaitUpdate(g, Kind.DESCRIPTION).description());
        assertEquals("opening hours 9-17", awaitUpdate(g, Kind.DESCRIPTION).description());
        get(groups.setAnnouncement(g, true));
        assertEquals(Boolean.TRUE, awaitUpdate(g, Kind.ANNOUNCEMENT).enabled());
        get(groups.setLocked(g, true));
        assertEquals(Boolean.TRUE, awaitUpdate(g, Kind.LOCKED).enabled());
        get(groups.setApprovalMode(g, true));
        assertEquals(Boolean.TRUE, awaitUpdate(g, Kind.APPROVAL_MODE).enabled());
        get(groups.setEphemeral(g, 604800));
        assertEquals(604800, awaitUpdate(g, Kind.EPHEMERAL).ephemeralSeconds());
        GroupMetadata now = get(groups.metadata(g));
        assertEquals("Support desk", now.subject());
        assertEquals("opening hours 9-17", now.description());
        assertTrue(now.announcement() && now.locked() && now.approvalRequired());
        assertEquals(604800, now.ephemeralSeconds());
        assertEquals(GroupInfo.Role.ADMIN, now.info().participants().stream()
                .filter(p -> p.jid().equals(alice.account().jid())).findFirst().orElseThrow().role());
        assertEquals(GroupAdminException.Reason.NOT_ACCEPTABLE, refused(groups.setSubject(g, "x".repeat(101))));

        // invites: get, info, revoke; the old code is gone, a made-up one invalid
        String code = get(groups.inviteCode(g, false));
        assertEquals(code, get(groups.inviteCode(g, false)));
        assertEquals(g, get(groups.inviteInfo("https://chat.whatsapp.com/" + code)).jid());
        String fresh = get(groups.inviteCode(g, true));
        assertNotEquals(code, fresh);
        assertEquals(fresh, awaitUpdate(g, Kind.INVITE_LINK).inviteCode());
        assertEquals(GroupAdminException.Reason.INVITE_REVOKED, refused(groups.inviteInfo(code)));
        assertEquals(GroupAdminException.Reason.INVALID_INVITE, refused(groups.join("NoSuchCode123")));

        // remove bob: per-participant result, the event, and our next message is not for him
        assertEquals(200, get(groups.participants(g, GroupAdmin.Action.REMOVE, List.of(bobAccount.jid())))
                .getFirst().code());
        assertEquals(bobAccount.jid(), awaitUpdate(g, Kind.PARTICIPANTS_REMOVED).participants().getFirst().jid());
        assertTrue(get(groups.joined()).stream().anyMatch(m -> m.jid().equals(g)));

        // leave, then come back by the invite code (approval off first so the join is immediate)
        get(groups.setApprovalMode(g, false));
        get(groups.leave(g));
        GroupUpdate left = awaitUpdate(g, Kind.PARTICIPANTS_LEFT);
        assertEquals(setup.me.jid(), left.actor());
        assertEquals(GroupAdminException.Reason.NOT_A_PARTICIPANT, refused(groups.metadata(g)));
        assertFalse(get(groups.joined()).stream().anyMatch(m -> m.jid().equals(g)));
        GroupAdmin.JoinResult joined = get(groups.join(fresh));
        assertEquals(g, joined.group());
        assertFalse(joined.pendingApproval());
        assertEquals(setup.me.jid(), awaitUpdate(g, Kind.PARTICIPANTS_ADDED).participants().getFirst().jid());
    }

    @Test
    void aMemberWithoutAdminRightsIsRefusedAndApprovalModeQueuesJoins() throws Exception {
        setup = new SimulatedSetup().link();
        SimulatedContact alice = setup.alice;
        GroupAdmin groups = setup.client.groups();
        SimGroup theirs = setup.simulator.accounts().groups().create("Alice's", alice.account(), List.of(setup.me), false);
        Jid g = theirs.jid();

        assertEquals(GroupAdminException.Reason.NOT_ADMIN, refused(groups.participants(g, GroupAdmin.Action.ADD,
                List.of(Jid.pn("15550003333")))));
        assertEquals(GroupAdminException.Reason.NOT_ADMIN, refused(groups.setLocked(g, true)));
        assertEquals(GroupAdminException.Reason.NOT_ADMIN, refused(groups.inviteCode(g, false)));
        get(groups.setSubject(g, "ours too")); // unlocked: any member may
        assertEquals("ours too", theirs.subject());
        assertEquals(GroupAdminException.Reason.GROUP_NOT_FOUND,
                refused(groups.metadata(Jid.group("120363000000000001"))));

        // our own group in approval mode: a join by code waits for an admin, who approves it
        PhoneAccount carol = setup.simulator.accounts().create("15550004444");
        GroupMetadata ours = get(groups.create("Gated", List.of(alice.account().jid())));
        get(groups.setApprovalMode(ours.jid(), true));
        String code = get(groups.inviteCode(ours.jid(), false));
        SimGroup gated = setup.simulator.accounts().groups().find(ours.jid()).orElseThrow();
        assertTrue(setup.simulator.accounts().groups().join(carol, code).pendingApproval());
        assertFalse(gated.isMember(carol));
        GroupUpdate request = awaitUpdate(ours.jid(), Kind.MEMBERSHIP_REQUEST);
        assertEquals(carol.jid(), request.participants().getFirst().jid());
        assertEquals(List.of(carol.jid()), get(groups.membershipRequests(ours.jid())).stream()
                .map(GroupAdmin.MembershipRequest::jid).toList());
        assertEquals(200, get(groups.participants(ours.jid(), GroupAdmin.Action.APPROVE, List.of(carol.jid())))
                .getFirst().code());
        assertTrue(gated.isMember(carol));
        assertEquals(carol.jid(), awaitUpdate(ours.jid(), Kind.PARTICIPANTS_ADDED).participants().getFirst().jid());
    }
}
