/**
 * Groups: the group coordinator ({@link io.wabridge.client.group.Groups}) plans sends to {@code @g.us} chats
 * (participants' devices from the group's metadata and usync, our sender key distributed pairwise to the devices
 * that lack it, one {@code skmsg}), remembers who holds our key, rotates it when a member goes and drops its caches
 * on {@code w:gp2} and device notifications. Receiving group messages is the receive pipeline's job
 * ({@code receive.MessageDecryptor}); the cipher is {@code signal.group}.
 */
package io.wabridge.client.group;
