/**
 * Newsletters (WhatsApp channels): follow, unfollow, mute, metadata, the followed list, creation, fetching posts,
 * posting as an admin, reacting, marking posts viewed, and the posts and updates the server pushes. The
 * {@link io.wabridge.client.newsletter.Newsletters} coordinator speaks the {@code w:mex} GraphQL iqs and the
 * {@code newsletter} iqs (facts from whatsmeow {@code newsletter.go}/{@code notification.go} and Baileys
 * {@code Socket/newsletter.ts}); newsletter posts are not end-to-end encrypted ({@code <plaintext>}).
 */
package io.wabridge.client.newsletter;
