package io.wabridge.client.auth;

import io.wabridge.proto.wa.DeviceProps;
import java.util.Objects;

/**
 * How this companion describes itself to WhatsApp: the claimed Web version, the "browser" and OS the phone shows
 * under Linked devices, locale, and the login flags. {@link #defaults()} matches Baileys 7 (Chrome on Mac OS).
 *
 * @param version        the WhatsApp Web version (405 "client too old" names it)
 * @param os             DeviceProps.os, shown on the phone (e.g. "Mac OS")
 * @param browser        the browser name (e.g. "Chrome"); picks DeviceProps.platformType and the QR platform id
 * @param osVersion      UserAgent.osVersion
 * @param manufacturer   UserAgent.manufacturer
 * @param device         UserAgent.device
 * @param language       ISO 639-1 locale language
 * @param country        ISO 3166-1 alpha-2 locale country
 * @param loginPassive   ClientPayload.passive on login; current clients log in passive and then send
 *                       {@code <active/>} (Baileys 7, whatsmeow); Baileys 6 sent false
 * @param lidDbMigrated  ClientPayload.lidDbMigrated on login
 */
public record ClientProfile(ClientVersion version, String os, String browser, String osVersion, String manufacturer,
                            String device, String language, String country, boolean loginPassive,
                            boolean lidDbMigrated) {

    public ClientProfile {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(osVersion, "osVersion");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(country, "country");
    }

    public static ClientProfile defaults() {
        return new ClientProfile(ClientVersion.DEFAULT, "Mac OS", "Chrome", "0.1", "", "Desktop", "en", "US", true, false);
    }

    public ClientProfile withVersion(ClientVersion newVersion) {
        return new ClientProfile(newVersion, os, browser, osVersion, manufacturer, device, language, country,
                loginPassive, lidDbMigrated);
    }

    public ClientProfile withOs(String newOs, String newBrowser) {
        return new ClientProfile(version, newOs, newBrowser, osVersion, manufacturer, device, language, country,
                loginPassive, lidDbMigrated);
    }

    /** DeviceProps.platformType for the browser name (unknown names are CHROME, as the references do). */
    public DeviceProps.PlatformType platformType() {
        for (DeviceProps.PlatformType type : DeviceProps.PlatformType.values()) {
            if (type.name().equalsIgnoreCase(browser)) {
                return type;
            }
        }
        return "android".equalsIgnoreCase(browser) ? DeviceProps.PlatformType.ANDROID_PHONE
                : DeviceProps.PlatformType.CHROME;
    }

    /**
     * The companion web-client type the QR code and the pairing-code request carry: 1 Chrome, 2 Edge, 3 Firefox,
     * 4 IE, 5 Opera, 6 Safari, 7 Electron (a "Desktop" browser), 8 UWP (Desktop on Windows), 9 any other web client.
     */
    public String companionPlatformId() {
        return switch (browser) {
            case "Chrome" -> "1";
            case "Edge" -> "2";
            case "Firefox" -> "3";
            case "IE" -> "4";
            case "Opera" -> "5";
            case "Safari" -> "6";
            case "Desktop" -> "Windows".equals(os) ? "8" : "7";
            default -> "9";
        };
    }

    /** "Browser (OS)", the display name the pairing-code request carries (the server validates its shape). */
    public String companionDisplayName() {
        return browser + " (" + os + ")";
    }
}
