/**
 * Blocking and privacy settings: {@link io.wabridge.client.blocking.Blocking} reads and changes the block list
 * ({@code <iq xmlns="blocklist">}) and the privacy settings ({@code <iq xmlns="privacy"><privacy><category name
 * value/>}), as whatsmeow's {@code user.go} / {@code privacysettings.go} and Baileys' {@code chats.ts} do, and turns
 * the server's {@code <notification type="account_sync">} about them (a change made on another device) into
 * {@link io.wabridge.client.blocking.AccountSettingsUpdate} events; a child it does not model comes through raw.
 * Not to be confused with {@link io.wabridge.client.privacy} (trusted-contact privacy tokens).
 */
package io.wabridge.client.blocking;
