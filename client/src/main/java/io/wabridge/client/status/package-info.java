/**
 * Status updates ({@code status@broadcast}): a status is a message to the broadcast list {@code status@broadcast},
 * encrypted with our sender key of that list as a group message is (whatsmeow {@code broadcast.go}, Baileys'
 * {@code relayMessage} with {@code statusJidList}): the key goes pairwise to every device of the chosen audience and
 * of our own other devices in {@code <participants>}, the content once as an {@code skmsg}. A contact's status
 * arrives as {@code <message from="status@broadcast" participant=AUTHOR_DEVICE>} and becomes a
 * {@link io.wabridge.client.status.StatusPost} event, never a chat message; "seen" is a {@code read} receipt to
 * {@code status@broadcast} naming the author in {@code participant}. {@link io.wabridge.client.status.Statuses} is
 * the coordinator.
 */
package io.wabridge.client.status;
