/**
 * The account's contacts and chats as the client sees them: {@link io.wabridge.client.chats.ChatBook} keeps the
 * session's {@code contacts} (push names from messages; address-book names from app state) and {@code threads}
 * (last message time, unread count; archive, pin and mute set by app state) stores, keyed by the phone-number JID
 * when the LID mapping knows it (a LID otherwise), reports changes as events, and answers paged listings.
 */
package io.wabridge.client.chats;
