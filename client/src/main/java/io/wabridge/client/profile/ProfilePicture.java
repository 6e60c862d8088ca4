package io.wabridge.client.profile;

import io.wabridge.client.jid.Jid;

/**
 * Where a profile picture can be downloaded ({@code <picture>} of a {@code w:profile:picture} answer).
 *
 * @param jid        whose picture (user or group)
 * @param id         the picture's id (changes with every new picture)
 * @param url        the download URL (valid for a while)
 * @param directPath the media path, when given
 * @param preview    the small preview (96 x 96) rather than the full image
 */
public record ProfilePicture(Jid jid, String id, String url, String directPath, boolean preview) {}
