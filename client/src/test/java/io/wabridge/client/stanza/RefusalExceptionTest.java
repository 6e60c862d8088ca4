package io.wabridge.client.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wabridge.client.blocking.BlockingException;
import io.wabridge.client.community.CommunityException;
import io.wabridge.client.disappearing.DisappearingException;
import io.wabridge.client.group.GroupAdminException;
import io.wabridge.client.newsletter.NewsletterException;
import io.wabridge.client.profile.ProfileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The features' refusals read alike through their base: the feature's reason, the server's code, message, cause. */
class RefusalExceptionTest {

    @Test
    void everyRefusalKeepsItsReasonCodeMessageAndCause() {
        IqErrorException cause = new IqErrorException("1", 409, "conflict", null);
        List<RefusalException> refusals = List.of(
                new BlockingException(BlockingException.Reason.ALREADY_BLOCKED, 409, "blocked already", cause),
                new CommunityException(CommunityException.Reason.ALREADY_LINKED, 409, "linked already", cause),
                new DisappearingException(DisappearingException.Reason.REJECTED, 409, "refused", cause),
                new GroupAdminException(GroupAdminException.Reason.CONFLICT, 409, "conflict", cause),
                new NewsletterException(NewsletterException.Reason.REJECTED, 409, "refused", cause),
                new ProfileException(ProfileException.Reason.REJECTED, 409, "refused", cause));
        List<Enum<?>> reasons = List.of(BlockingException.Reason.ALREADY_BLOCKED,
                CommunityException.Reason.ALREADY_LINKED, DisappearingException.Reason.REJECTED,
                GroupAdminException.Reason.CONFLICT, NewsletterException.Reason.REJECTED, ProfileException.Reason.REJECTED);
        for (int i = 0; i < refusals.size(); i++) {
            RefusalException refusal = refusals.get(i);
            assertSame(reasons.get(i), refusal.reason(), refusal.getClass().getSimpleName());
            assertEquals(409, refusal.code());
            assertSame(cause, refusal.getCause());
        }
        assertEquals("linked already", refusals.get(1).getMessage());
    }

    @Test
    void eachNarrowsTheReasonToItsOwnEnumAndAClientRefusalHasCodeZero() {
        DisappearingException odd = new DisappearingException(DisappearingException.Reason.INVALID_DURATION, 0,
                "not a duration WhatsApp offers", null);
        DisappearingException.Reason reason = odd.reason(); // the feature's enum, no cast
        assertSame(DisappearingException.Reason.INVALID_DURATION, reason);
        assertEquals(0, odd.code());
        NewsletterException noCause = new NewsletterException(NewsletterException.Reason.NOT_FOLLOWING, 0,
                "not following");
        assertNull(noCause.getCause());
        assertSame(NewsletterException.Reason.NOT_FOLLOWING, noCause.reason());
    }
}
