package io.wabridge.bridge.blocking;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.blocking.AccountSettingsUpdate;
import io.wabridge.client.blocking.BlockingException;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.AccountSettingsEvent;
import io.wabridge.proto.v1.BlockChange;
import io.wabridge.proto.v1.Blocklist;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.PrivacyCategory;
import io.wabridge.proto.v1.PrivacySetting;
import io.wabridge.proto.v1.PrivacySettings;
import io.wabridge.proto.v1.PrivacyValue;
import io.wabridge.proto.v1.RawAttribute;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract's shape of blocking and privacy settings (blocking.proto): WhatsApp's category and value names, the
 * values each category takes, the account_settings event, the block list and settings results, and the error
 * codes of refusals.
 */
public final class BlockingContract {
    private static final Map<PrivacyCategory, String> CATEGORY_NAMES = new EnumMap<>(Map.of(
            PrivacyCategory.LAST_SEEN, "last", PrivacyCategory.ONLINE, "online", PrivacyCategory.PROFILE_PHOTO, "profile",
            PrivacyCategory.ABOUT, "status", PrivacyCategory.GROUPS_ADD, "groupadd",
            PrivacyCategory.READ_RECEIPTS, "readreceipts", PrivacyCategory.CALLS_ADD, "calladd"));
    private static final Map<PrivacyValue, String> VALUE_NAMES = new EnumMap<>(Map.of(
            PrivacyValue.EVERYONE, "all", PrivacyValue.CONTACTS, "contacts", PrivacyValue.CONTACTS_EXCEPT,
            "contact_blacklist", PrivacyValue.NOBODY, "none", PrivacyValue.SAME_AS_LAST_SEEN, "match_last_seen",
            PrivacyValue.KNOWN, "known"));
    private static final Set<PrivacyValue> AUDIENCE = EnumSet.of(PrivacyValue.EVERYONE, PrivacyValue.CONTACTS,
            PrivacyValue.CONTACTS_EXCEPT, PrivacyValue.NOBODY);
    private static final Map<PrivacyCategory, Set<PrivacyValue>> ALLOWED = new EnumMap<>(Map.of(
            PrivacyCategory.LAST_SEEN, AUDIENCE, PrivacyCategory.PROFILE_PHOTO, AUDIENCE, PrivacyCategory.ABOUT, AUDIENCE,
            PrivacyCategory.GROUPS_ADD, AUDIENCE,
            PrivacyCategory.ONLINE, EnumSet.of(PrivacyValue.EVERYONE, PrivacyValue.SAME_AS_LAST_SEEN),
            PrivacyCategory.READ_RECEIPTS, EnumSet.of(PrivacyValue.EVERYONE, PrivacyValue.NOBODY),
            PrivacyCategory.CALLS_ADD, EnumSet.of(PrivacyValue.EVERYONE, PrivacyValue.KNOWN)));

    private BlockingContract() {
    }

    /** The values a category takes (empty for UNSPECIFIED / OTHER: not settable). */
    public static Set<PrivacyValue> allowed(PrivacyCategory category) {
        return ALLOWED.getOrDefault(category, Set.of());
    }

    /** WhatsApp's name of a settable category. */
    public static String name(PrivacyCategory category) {
        return CATEGORY_NAMES.get(category);
    }

    /** WhatsApp's name of a settable value. */
    public static String name(PrivacyValue value) {
        return VALUE_NAMES.get(value);
    }

    static PrivacySetting setting(String name, String value) {
        PrivacyCategory category = CATEGORY_NAMES.entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey).findFirst().orElse(PrivacyCategory.PRIVACY_CATEGORY_OTHER);
        PrivacyValue v = VALUE_NAMES.entrySet().stream().filter(e -> e.getValue().equals(value))
                .map(Map.Entry::getKey).findFirst().orElse(PrivacyValue.PRIVACY_VALUE_OTHER);
        return PrivacySetting.newBuilder().setCategory(category).setValue(v).setName(name).setRawValue(value).build();
    }

    /** The settings as the contract lists them, in WhatsApp's order. */
    public static PrivacySettings settings(Map<String, String> settings) {
        PrivacySettings.Builder out = PrivacySettings.newBuilder();
        settings.forEach((name, value) -> out.addSettings(setting(name, value)));
        return out.build();
    }

    /** The block list (user JIDs). */
    public static Blocklist blocklist(List<Jid> jids) {
        Blocklist.Builder out = Blocklist.newBuilder();
        jids.forEach(j -> out.addJids(j.normalizedUser().toString()));
        return out.build();
    }

    /** The account_settings event of a client update. */
    public static AccountSettingsEvent event(AccountSettingsUpdate u) {
        AccountSettingsEvent.Builder b = AccountSettingsEvent.newBuilder()
                .setKind(switch (u.kind()) {
                    case BLOCKLIST -> AccountSettingsEvent.Kind.BLOCKLIST;
                    case PRIVACY -> AccountSettingsEvent.Kind.PRIVACY;
                    case UNKNOWN -> AccountSettingsEvent.Kind.UNKNOWN;
                })
                .setElsewhere(u.elsewhere())
                .setTag(u.tag())
                .setTimestamp(EventFactory.timestamp(u.timestamp()));
        u.blocked().forEach(c -> b.addBlockChanges(BlockChange.newBuilder().setJid(c.jid().normalizedUser().toString())
                .setBlocked(c.blocked())));
        u.privacy().forEach((name, value) -> b.addPrivacyChanges(setting(name, value)));
        u.attributes().forEach((name, value) -> b.addAttributes(RawAttribute.newBuilder().setName(name).setValue(value)));
        return b.build();
    }

    /** The error code of a refusal. */
    public static ErrorCode code(BlockingException e) {
        return switch (e.reason()) {
            case ALREADY_BLOCKED -> ErrorCode.ALREADY_BLOCKED;
            case NOT_BLOCKED -> ErrorCode.NOT_BLOCKED;
            case BLOCK_REJECTED -> ErrorCode.BLOCK_REJECTED;
            case PRIVACY_REJECTED -> ErrorCode.PRIVACY_REJECTED;
        };
    }
}
