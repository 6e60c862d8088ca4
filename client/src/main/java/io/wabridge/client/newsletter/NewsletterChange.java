package io.wabridge.client.newsletter;

import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something the server told us about a newsletter (the payload of {@code ClientEvent.NewsletterEvent}).
 *
 * @param kind      what happened
 * @param posts     {@link Kind#POST}: the one post; {@link Kind#LIVE_UPDATE}: the posts whose counts changed
 * @param muted     {@link Kind#MUTE_CHANGED}: the new state
 * @param role      {@link Kind#JOINED}/{@link Kind#LEFT}: our role as the server names it (may be empty)
 * @param name      {@link Kind#JOINED}/{@link Kind#SETTINGS}: the name when given, else empty
 * @param rawTag    the tag (or GraphQL field / operation) that made this event; for {@link Kind#UNKNOWN} what we
 *                  did not understand
 * @param rawAttrs  {@link Kind#UNKNOWN}: that child's attributes (and {@code json} with its JSON, for mex updates)
 * @param stanzaId  the notification's or message's id
 */
public record NewsletterChange(Jid newsletter, Kind kind, List<NewsletterPost> posts, Boolean muted, String role,
                               String name, String rawTag, Map<String, String> rawAttrs, Instant at,
                               String stanzaId) {

    public enum Kind {
        /** A new post (a {@code <message>} from the newsletter with {@code <plaintext>}). */
        POST,
        /** Reaction and view counts of posts ({@code <notification type=newsletter><live_updates>}). */
        LIVE_UPDATE,
        /** We follow it now (from this or another of our devices: {@code xwa2_notify_newsletter_on_join}). */
        JOINED,
        /** We no longer follow it ({@code xwa2_notify_newsletter_on_leave}). */
        LEFT,
        /** We muted or unmuted it ({@code xwa2_notify_newsletter_on_mute_change}). */
        MUTE_CHANGED,
        /** Its name or description changed ({@code <update><settings>}). */
        SETTINGS,
        /** Anything else: {@code rawTag} and {@code rawAttrs} say what, nothing is dropped. */
        UNKNOWN
    }

    public NewsletterChange {
        posts = posts == null ? List.of() : List.copyOf(posts);
        role = role == null ? "" : role;
        name = name == null ? "" : name;
        rawTag = rawTag == null ? "" : rawTag;
        rawAttrs = rawAttrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rawAttrs));
        stanzaId = stanzaId == null ? "" : stanzaId;
    }
}
