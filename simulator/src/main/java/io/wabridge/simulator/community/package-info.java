/**
 * The server's communities ({@link io.wabridge.simulator.community.CommunityServer}), twin of the client's
 * {@code io.wabridge.client.community}: community create with its announcement group, link, unlink and the linked
 * group list, as {@code w:g2} iqs added to the group server.
 */
package io.wabridge.simulator.community;
