/**
 * History sync: the chats and messages the account's primary phone hands a linked device. {@link
 * io.wabridge.client.history.History} is the coordinator: it takes the phone's HISTORY_SYNC_NOTIFICATION messages,
 * fetches each chunk (inline, or a media download verified before anything is read), inflates it as a stream and
 * walks it with {@link io.wabridge.client.history.HistoryReader} one conversation header and one message at a
 * time, so no chunk is ever held in the heap whole; {@link io.wabridge.client.history.HistoryParts} cuts what it
 * reads into {@link io.wabridge.client.events.ClientEvent.HistorySync} parts of bounded size. It also asks the phone
 * for more ({@link io.wabridge.client.history.History#request}).
 */
package io.wabridge.client.history;
