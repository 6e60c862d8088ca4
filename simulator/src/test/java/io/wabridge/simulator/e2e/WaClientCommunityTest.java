package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.community.Communities;
import io.wabridge.client.community.CommunityException;
import io.wabridge.client.community.CommunityMetadata;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.events.ClientEvent.GroupUpdate.LinkType;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.Failures;
import io.wabridge.simulator.community.CommunityServer;
import io.wabridge.simulator.group.SimGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Communities from our client through the simulator: create (with the announcement group the server makes), the
 * community flags in metadata, link and unlink with the LINKED / UNLINKED updates both groups' members get, the
 * community list, and the refusals (already linked, not linked, not a community, not a community admin); a link made
 * by another member's phone reaches us as the same update.
 */
class WaClientCommunityTest {
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

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Failures.unwrap(e);
        }
        throw new AssertionError("not refused");
    }

    private static CommunityException.Reason refused(CompletableFuture<?> f) throws Exception {
        Throwable cause = failure(f);
        return assertInstanceOf(CommunityException.class, cause, String.valueOf(cause)).reason();
    }

    private GroupUpdate awaitUpdate(Jid group, Kind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
    void ourClientCreatesACommunityLinksAndUnlinksGroupsAndSeesEachChange() throws Exception {
        setup = new SimulatedSetup().link();
        Communities communities = setup.client.communities();

        Communities.Community made = get(communities.create("Neighbours", "street 12-40"));
        Jid c = made.jid();
        assertTrue(made.metadata().community());
        assertEquals(Communities.DEFAULT_APPROVAL_MODE, made.metadata().membershipApprovalMode());
        assertEquals("street 12-40", made.metadata().group().description());
        Jid announcements = made.announcementGroup();
        assertNotNull(announcements, "the server made the announcement group: " + made.groups());
        assertEquals(1, made.groups().size());
        awaitUpdate(c, Kind.CREATED);
        awaitUpdate(announcements, Kind.CREATED);

        CommunityMetadata announcementMeta = get(communities.metadata(announcements));
        assertTrue(announcementMeta.announcementGroup());
        assertEquals(c, announcementMeta.parent());
        assertTrue(announcementMeta.group().announcement(), "only admins post in the announcement group");
        assertFalse(announcementMeta.community());

        Jid garden = get(setup.client.groups().create("Garden", List.of(setup.alice.account().jid()))).jid();
        awaitUpdate(garden, Kind.CREATED);
        get(communities.link(c, garden));
        GroupUpdate atCommunity = awaitUpdate(c, Kind.LINKED);
        assertEquals(garden, atCommunity.link().group());
        assertEquals(LinkType.SUB_GROUP, atCommunity.link().type());
        assertEquals("Garden", atCommunity.link().subject());
        assertEquals(setup.me.jid(), atCommunity.actor());
        GroupUpdate atGarden = awaitUpdate(garden, Kind.LINKED);
        assertEquals(c, atGarden.link().group());
        assertEquals(LinkType.PARENT, atGarden.link().type());
        assertEquals(c, get(communities.metadata(garden)).parent());

        List<Communities.Community> ours = get(communities.communities());
        assertEquals(List.of(c), ours.stream().map(Communities.Community::jid).toList());
        assertEquals(List.of(announcements, garden),
                ours.getFirst().groups().stream().map(Communities.LinkedGroup::jid).toList());
        assertEquals(announcements, ours.getFirst().announcementGroup());

        assertEquals(CommunityException.Reason.ALREADY_LINKED, refused(communities.link(c, garden)));
        assertEquals(CommunityException.Reason.NOT_A_COMMUNITY, refused(communities.link(garden, c)));
        assertEquals(CommunityException.Reason.NOT_A_COMMUNITY, refused(communities.linkedGroups(garden)));

        get(communities.unlink(c, garden));
        GroupUpdate unlinked = awaitUpdate(c, Kind.UNLINKED);
        assertEquals(garden, unlinked.link().group());
        assertEquals("unlink_group", unlinked.link().reason());
        assertEquals(c, awaitUpdate(garden, Kind.UNLINKED).link().group());
        assertNull(get(communities.metadata(garden)).parent());
        assertEquals(CommunityException.Reason.NOT_LINKED, refused(communities.unlink(c, garden)));
        assertEquals(List.of(announcements), get(communities.linkedGroups(c)).stream()
                .map(Communities.LinkedGroup::jid).toList());

        CommunityMetadata inside = get(communities.createGroup(c, "Tools", List.of(setup.alice.account().jid())));
        assertEquals(c, inside.parent());
        assertEquals(2, inside.group().info().participants().size());
        assertEquals(inside.jid(), awaitUpdate(c, Kind.LINKED).link().group());
        awaitUpdate(inside.jid(), Kind.CREATED);
        assertEquals(CommunityException.Reason.NOT_A_COMMUNITY,
                refused(communities.createGroup(garden, "Nope", List.of())));

        GroupAdminException missing = assertInstanceOf(GroupAdminException.class,
                failure(communities.link(Jid.group("120363000000000001"), garden)));
        assertEquals(GroupAdminException.Reason.GROUP_NOT_FOUND, missing.reason());
    }

    @Test
    void aMemberWhoIsNotACommunityAdminCannotLinkAndAnAdminsLinkReachesUs() throws Exception {
        setup = new SimulatedSetup().link();
        CommunityServer server = new CommunityServer(setup.simulator.accounts().groups());
        var alice = setup.alice.account();
        SimGroup theirs = server.createCommunity(alice, "Book club", List.of(setup.me), "request_required");
        Jid ours = get(setup.client.groups().create("Readers", List.of(alice.jid()))).jid();
        awaitUpdate(ours, Kind.CREATED);

        assertEquals(CommunityException.Reason.NOT_COMMUNITY_ADMIN,
                refused(setup.client.communities().link(theirs.jid(), ours)));
        assertEquals(CommunityException.Reason.NOT_COMMUNITY_ADMIN,
                refused(setup.client.communities().createGroup(theirs.jid(), "Ours inside", List.of())));

        SimGroup alicesGroup = setup.simulator.accounts().groups().create("Sci-fi", alice, List.of(setup.me), false);
        assertEquals(0, server.link(alice, theirs, alicesGroup));
        GroupUpdate seen = awaitUpdate(theirs.jid(), Kind.LINKED);
        assertEquals(alicesGroup.jid(), seen.link().group());
        assertEquals(alice.jid(), seen.actor());
        assertEquals(theirs.jid(), awaitUpdate(alicesGroup.jid(), Kind.LINKED).link().group());
        assertEquals(409, server.link(alice, theirs, alicesGroup), "already linked");

        List<Communities.Community> listed = get(setup.client.communities().communities());
        assertEquals(List.of(theirs.jid()), listed.stream().map(Communities.Community::jid).toList());
        assertEquals(2, listed.getFirst().groups().size());
    }
}
