package io.wabridge.conformance;

import static io.wabridge.conformance.BaileysFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.client.community.Communities;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.events.ClientEvent.GroupUpdate.Kind;
import io.wabridge.client.events.ClientEvent.GroupUpdate.LinkType;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baileys 7 and our WaClient around communities, through the simulator: a community our client makes and a group it
 * links are read by Baileys' own {@code groupMetadata} parser ({@code isCommunity}, {@code linkedParent}) and
 * {@code communityFetchLinkedGroups}; a community Baileys makes with its own {@code communityCreate} stanza, and a
 * group it links and unlinks ({@code communityLinkGroup}, {@code communityUnlinkGroup}) or makes inside it
 * ({@code communityCreateGroup}), reach our client as LINKED /
 * UNLINKED updates and read back through our metadata and linked-group requests. Baileys judges our stanzas and
 * parsing, not our own code.
 */
class BaileysCommunityTest {
    private static final long WAIT = 60;

    @TempDir
    Path authDir;

    private WaSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void communitiesMadeOnEitherSideAreSeenByTheOther() throws Exception {
        simulator = WaSimulator.start();
        PhoneAccount ours = simulator.accounts().create("15550007171");
        PhoneAccount theirs = simulator.accounts().create("15550007272");
        try (BaileysFixture us = BaileysFixture.linkOurClient(simulator, ours, "conformance-communities");
             BaileysFixture.BaileysLink baileys = BaileysFixture.linkBaileys(simulator, theirs, "baileys7", authDir)) {
            Communities communities = us.client().communities();
            GroupAdmin groups = us.client().groups();

            // our community and a group we link, read by Baileys
            Communities.Community made = communities.create("Neighbours", "made by our client").get(WAIT, TimeUnit.SECONDS);
            groups.participants(made.jid(), GroupAdmin.Action.ADD, List.of(theirs.jid())).get(WAIT, TimeUnit.SECONDS);
            Jid garden = groups.create("Garden", List.of(theirs.jid())).get(WAIT, TimeUnit.SECONDS).jid();
            communities.link(made.jid(), garden).get(WAIT, TimeUnit.SECONDS);
            JsonNode community = call(baileys.driver(), "groupMetadata", made.jid().toString());
            assertTrue(community.path("isCommunity").asBoolean(), community::toString);
            assertEquals("Neighbours", community.path("subject").asText());
            assertEquals("made by our client", community.path("desc").asText());
            JsonNode linkedGroup = call(baileys.driver(), "groupMetadata", garden.toString());
            assertEquals(made.jid().toString(), linkedGroup.path("linkedParent").asText(), linkedGroup::toString);
            assertFalse(linkedGroup.path("isCommunity").asBoolean());
            JsonNode linked = call(baileys.driver(), "communityFetchLinkedGroups", made.jid().toString());
            List<String> linkedIds = linked.path("linkedGroups").findValuesAsText("id");
            assertTrue(linkedIds.contains(garden.toString()) && linkedIds.contains(made.announcementGroup().toString()),
                    linked::toString);

            // Baileys' community: made, we are added, a group linked and unlinked by Baileys
            JsonNode created = call(baileys.driver(), "communityCreate", "Book club", "made by Baileys 7");
            Jid club = Jid.parse(created.path("id").asText());
            assertTrue(created.path("isCommunity").asBoolean(), created::toString);
            call(baileys.driver(), "groupParticipantsUpdate", club.toString(), List.of(ours.jid().toString()), "add");
            JsonNode sciFi = call(baileys.driver(), "groupCreate", "Sci-fi", List.of(ours.jid().toString()));
            Jid group = Jid.parse(sciFi.path("id").asText());
            call(baileys.driver(), "communityLinkGroup", group.toString(), club.toString());
            GroupUpdate atClub = us.await(GroupUpdate.class, u -> u.group().equals(club) && u.kind() == Kind.LINKED);
            assertEquals(group, atClub.link().group());
            assertEquals(LinkType.SUB_GROUP, atClub.link().type());
            assertEquals(theirs.jid(), atClub.actor());
            GroupUpdate atGroup = us.await(GroupUpdate.class, u -> u.group().equals(group) && u.kind() == Kind.LINKED);
            assertEquals(club, atGroup.link().group());
            assertEquals(LinkType.PARENT, atGroup.link().type());
            assertEquals(club, communities.metadata(group).get(WAIT, TimeUnit.SECONDS).parent());
            assertTrue(communities.metadata(club).get(WAIT, TimeUnit.SECONDS).community());
            List<Communities.LinkedGroup> clubGroups = communities.linkedGroups(club).get(WAIT, TimeUnit.SECONDS);
            assertTrue(clubGroups.stream().anyMatch(g -> g.jid().equals(group)), clubGroups::toString);
            assertTrue(communities.communities().get(WAIT, TimeUnit.SECONDS).stream()
                    .anyMatch(c -> c.jid().equals(club)));

            JsonNode fantasy = call(baileys.driver(), "communityCreateGroup", "Fantasy", List.of(ours.jid().toString()),
                    club.toString());
            Jid inside = Jid.parse(fantasy.path("id").asText());
            assertEquals(club.toString(), fantasy.path("linkedParent").asText(), fantasy::toString);
            assertEquals(inside, us.await(GroupUpdate.class, u -> u.group().equals(club) && u.kind() == Kind.LINKED)
                    .link().group());
            assertEquals(club, communities.metadata(inside).get(WAIT, TimeUnit.SECONDS).parent());

            call(baileys.driver(), "communityUnlinkGroup", group.toString(), club.toString());
            GroupUpdate unlinked = us.await(GroupUpdate.class, u -> u.group().equals(club) && u.kind() == Kind.UNLINKED);
            assertEquals(group, unlinked.link().group());

            baileys.driver().command("end");
            baileys.driver().await("ended", BaileysFixture.STEP);
        }
    }
}
