package io.wabridge.client.newsletter;

import com.google.protobuf.Struct;
import io.wabridge.client.jid.Jid;
import java.time.Instant;
import java.util.Locale;

/**
 * A newsletter as {@code w:mex} describes it ({@code xwa2_newsletter}: {@code id}, {@code state.type},
 * {@code thread_metadata.{name.text, description.text, invite, subscribers_count, verification, creation_time}},
 * {@code viewer_metadata.{role, mute}}).
 *
 * @param role        our role; {@link Role#NONE} when the answer has no viewer metadata (asked by invite code)
 * @param muted       whether we muted it
 * @param state       {@code ACTIVE}, {@code SUSPENDED}, {@code GEOSUSPENDED} (as the server writes it, upper case)
 * @param verification {@code VERIFIED} or {@code UNVERIFIED}
 */
public record NewsletterMetadata(Jid jid, String name, String description, String inviteCode, long subscribers,
                                 String verification, String state, Role role, boolean muted, Instant created) {

    /** Our relation to the newsletter. */
    public enum Role {
        OWNER, ADMIN, SUBSCRIBER, GUEST, NONE;

        /** Whether the role may post. */
        public boolean admin() {
            return this == OWNER || this == ADMIN;
        }

        static Role of(String text) {
            if (text == null || text.isEmpty()) {
                return NONE;
            }
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return NONE;
            }
        }
    }

    /** Reads one newsletter object; an object without a newsletter {@code id} is a malformed answer. */
    public static NewsletterMetadata parse(Struct n) {
        Jid jid = Jid.tryParse(Mex.string(n, "id"));
        if (jid == null || !jid.isNewsletter()) {
            throw new NewsletterException(NewsletterException.Reason.MALFORMED_RESPONSE, 0,
                    "newsletter without a newsletter id: " + n);
        }
        Struct thread = Mex.struct(n, "thread_metadata");
        Struct viewer = Mex.struct(n, "viewer_metadata");
        long created = Mex.number(thread, "creation_time");
        return new NewsletterMetadata(jid, Mex.string(Mex.struct(thread, "name"), "text"),
                Mex.string(Mex.struct(thread, "description"), "text"), Mex.string(thread, "invite"),
                Mex.number(thread, "subscribers_count"), Mex.string(thread, "verification").toUpperCase(Locale.ROOT),
                Mex.string(Mex.struct(n, "state"), "type").toUpperCase(Locale.ROOT),
                Role.of(Mex.string(viewer, "role")), "ON".equalsIgnoreCase(Mex.string(viewer, "mute")),
                created > 0 ? Instant.ofEpochSecond(created) : null);
    }
}
