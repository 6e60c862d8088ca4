package io.wabridge.simulator.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an account shows others besides its name: its about text, its profile picture, its business profile (a
 * WhatsApp Business account), who may see the picture and the about, and its address book (for "my contacts").
 * Read by the usync answers (messaging) and the profile iqs (the profile package). Thread-safe.
 */
public final class AccountProfile {

    /** Who may see a part of the profile (WhatsApp's privacy choices for photo and about). */
    public enum Visibility { EVERYONE, CONTACTS, NOBODY }

    /** A business account's public profile, as {@code w:biz} answers it. */
    public record Business(String verifiedName, String description, String address, String email, List<String> websites,
                           String category, String timeZone) {
        public Business {
            websites = List.copyOf(websites);
        }
    }

    /** A stored picture: its id, the square JPEG, and where it is served (null until a media host published it). */
    public record Picture(String id, byte[] jpeg, String url, String directPath) {}

    private volatile String about;
    private volatile Instant aboutSetAt;
    private volatile Picture picture;
    private volatile Business business;
    private volatile Visibility pictureVisibility = Visibility.EVERYONE;
    private volatile Visibility aboutVisibility = Visibility.EVERYONE;
    private final Set<String> addressBook = ConcurrentHashMap.newKeySet();

    public String about() {
        return about;
    }

    public Instant aboutSetAt() {
        return aboutSetAt;
    }

    public synchronized void about(String text, Instant at) {
        this.about = text == null || text.isEmpty() ? null : text;
        this.aboutSetAt = at;
    }

    public Picture picture() {
        return picture;
    }

    public void picture(Picture p) {
        this.picture = p;
    }

    /** The business profile, or null for a personal account. */
    public Business business() {
        return business;
    }

    public void business(Business b) {
        this.business = b;
    }

    public Visibility pictureVisibility() {
        return pictureVisibility;
    }

    public void pictureVisibility(Visibility v) {
        this.pictureVisibility = v;
    }

    public Visibility aboutVisibility() {
        return aboutVisibility;
    }

    public void aboutVisibility(Visibility v) {
        this.aboutVisibility = v;
    }

    /** Saves a number (international digits) in this account's address book ("my contacts"). */
    public void addContact(String phoneNumber) {
        addressBook.add(phoneNumber);
    }

    /** Whether {@code viewer} may see a part with this visibility ({@code owner} always sees its own). */
    public boolean visibleTo(Visibility visibility, PhoneAccount owner, PhoneAccount viewer) {
        if (viewer == owner) {
            return true;
        }
        return switch (visibility) {
            case EVERYONE -> true;
            case CONTACTS -> viewer != null && addressBook.contains(viewer.phoneNumber());
            case NOBODY -> false;
        };
    }
}
