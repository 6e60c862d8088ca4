/**
 * Trusted-contact privacy tokens ({@code tctoken}): {@link io.wabridge.client.privacy.PrivacyTokens} keeps the tokens
 * contacts issue us ({@code <notification type="privacy_token">}) in the session's {@code privacyToken} store,
 * attaches a valid one to every 1:1 message to that contact, and issues ours to a contact after a 1:1 send, once per
 * seven-day bucket ({@code <iq xmlns="privacy" type="set">}), as whatsmeow's {@code tctoken.go} and Baileys'
 * {@code tc-token-utils.ts} do.
 */
package io.wabridge.client.privacy;
