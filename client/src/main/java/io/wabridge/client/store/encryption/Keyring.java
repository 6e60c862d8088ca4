package io.wabridge.client.store.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Master keys as text, one per entry, {@code <id>:<base64 of 32 bytes>}, entries separated by new lines or
 * {@code ;}, {@code #} starting a comment line. The FIRST entry is the current key; the others stay accepted for
 * unwrapping, which is how a rotation works: put the new key first, keep the old one after it until every session
 * has been re-wrapped, then drop it.
 */
public final class Keyring implements KeyProvider {

    private final MasterKey current;
    private final Map<String, MasterKey> byId;

    public Keyring(List<MasterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one master key");
        }
        Map<String, MasterKey> map = new LinkedHashMap<>();
        for (MasterKey k : keys) {
            if (map.putIfAbsent(k.id(), k) != null) {
                throw new IllegalArgumentException("master key id '" + k.id() + "' appears twice in the keyring");
            }
        }
        this.current = keys.get(0);
        this.byId = Map.copyOf(map);
    }

    /** Parses keyring text; the error names the entry, never its key material. */
    public static Keyring parse(String text) {
        List<MasterKey> keys = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("[;\\r\\n]+")) {
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            n++;
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("keyring entry " + n + " is not <id>:<base64 key>");
            }
            String id = entry.substring(0, colon).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("keyring entry " + n + " ('" + id + "'): the key is not base64");
            }
            keys.add(new MasterKey(id, key));
        }
        return new Keyring(keys);
    }

    public static Keyring read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master keyring " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master keyring " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code file}, first creating it with one fresh random key (owner read/write only where the file system
     * has POSIX permissions) if it does not exist: what the demo does.
     */
    public static Keyring readOrCreate(Path file, SecureRandom random) {
        if (!Files.exists(file)) {
            byte[] key = new byte[MasterKey.LENGTH];
            random.nextBytes(key);
            String id = "k" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
            String text = "# wabridge master keyring: first entry = current key, later entries = previous keys\n"
                    + format(new MasterKey(id, key)) + "\n";
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                // created concurrently: read that one
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the master keyring " + file + ": " + e.getMessage(), e);
            }
        }
        return read(file);
    }

    /** The keyring text entry of {@code key}. */
    public static String format(MasterKey key) {
        return key.id() + ":" + Base64.getEncoder().encodeToString(key.key());
    }

    @Override
    public MasterKey current() {
        return current;
    }

    @Override
    public Optional<MasterKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public String toString() {
        return "Keyring[current=" + current.id() + ", keys=" + byId.keySet() + "]";
    }
}
