/**
 * Communities: {@link io.wabridge.client.community.Communities} creates a community (the server adds its
 * announcement group), lists ours with their linked groups, links and unlinks groups and reads a group's community
 * flags, with the {@code w:g2} iqs whatsmeow ({@code group.go}: {@code CreateGroup IsParent}, {@code LinkGroup},
 * {@code UnlinkGroup}, {@code GetSubGroups}) and Baileys 7 ({@code communities.ts}) send, through
 * {@link io.wabridge.client.group.GroupAdmin}'s iq plumbing. Link changes arrive as
 * {@link io.wabridge.client.events.ClientEvent.GroupUpdate} LINKED / UNLINKED events (they are {@code w:gp2}
 * notifications of a group, read by {@link io.wabridge.client.group.GroupNotifications}).
 */
package io.wabridge.client.community;
