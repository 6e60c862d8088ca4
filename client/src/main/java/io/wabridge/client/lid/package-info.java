/**
 * LID &lt;-&gt; phone-number addressing. {@link io.wabridge.client.lid.LidMappings} is the one place a session learns
 * which LID belongs to which phone number, whatever the source (usync {@code <lid/>} answers, the {@code sender_pn},
 * {@code sender_lid}, {@code participant_pn}, {@code participant_lid}, {@code peer_recipient_pn|lid} attributes of
 * messages, receipts and notifications, device notifications, our own LID from pair-success / {@code <success>} /
 * usync, and, fed by other coordinators, history sync and app state). It stores each new or changed mapping once in
 * the session's {@code LidMappingStore}, reports it as {@link io.wabridge.client.events.ClientEvent.LidMappingLearned},
 * and tells the Signal cipher which identity to use for a device: the LID one once known
 * ({@link io.wabridge.client.lid.LidMappings#sessionDevice}), an existing phone-number session being moved to the
 * LID address on first use (as whatsmeow's {@code MigratePNToLID} and Baileys' {@code migrateSession} do).
 */
package io.wabridge.client.lid;
