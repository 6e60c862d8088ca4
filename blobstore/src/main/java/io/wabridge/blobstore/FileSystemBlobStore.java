package io.wabridge.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory, sharded by the first two bytes of the key ({@code ab/cd/abcd...}) so no
 * directory grows past 65,536 entries' worth of fan-out. The default store (and {@code ./wabridge demo}'s).
 *
 * <p>A put writes to {@code tmp/} under the root (same file system), forces it to disk, then renames it into place
 * atomically; the mimetype lives in a {@code <key>.meta} file beside the blob, renamed into place first, so a blob
 * is never visible without it. The blob file's modification time is its {@link BlobInfo#createdAt()}.
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final String META = ".meta";
    private static final String TMP = "tmp";

    private final Path root;
    private final Path tmp;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(TMP);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob store directory " + tmp, e);
        }
    }

    @Override
    public String kind() {
        return "fs";
    }

    public Path root() {
        return root;
    }

    @Override
    public PutResult put(InputStream in, String mimetype, long maxBytes) throws IOException {
        DigestingInputStream src = new DigestingInputStream(in, maxBytes);
        Path part = Files.createTempFile(tmp, "put-", ".part");
        Path meta = null;
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[DigestingInputStream.BUFFER_SIZE];
                ByteBuffer view = ByteBuffer.wrap(buf);
                for (int n; (n = src.read(buf, 0, buf.length)) >= 0; ) {
                    view.clear().limit(n);
                    while (view.hasRemaining()) {
                        out.write(view);
                    }
                }
                out.force(true);
            }
            String sha = src.sha256Hex();
            Path target = blobPath(sha);
            if (Files.exists(target)) {
                touch(target);
                return new PutResult(info(sha).orElseThrow(), false);
            }
            Files.createDirectories(target.getParent());
            meta = Files.createTempFile(tmp, "meta-", ".part");
            Files.writeString(meta, BlobInfo.mimetypeOrDefault(mimetype), StandardCharsets.UTF_8);
            move(meta, metaPath(target));
            meta = null;
            move(part, target);
            part = null;
            return new PutResult(info(sha).orElseThrow(), true);
        } finally {
            if (part != null) {
                Files.deleteIfExists(part);
            }
            if (meta != null) {
                Files.deleteIfExists(meta);
            }
        }
    }

    @Override
    public Optional<BlobInfo> info(String sha256) throws IOException {
        Path file = blobPath(sha256);
        try {
            long size = Files.size(file);
            Instant createdAt = Files.getLastModifiedTime(file).toInstant();
            String mimetype;
            try {
                mimetype = Files.readString(metaPath(file), StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                mimetype = null;
            }
            return Optional.of(new BlobInfo(sha256, size, mimetype, createdAt));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(blobPath(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Optional.of(Channels.newInputStream(channel));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        Path file = blobPath(sha256);
        boolean existed = Files.deleteIfExists(file);
        Files.deleteIfExists(metaPath(file));
        return existed;
    }

    @Override
    public List<String> olderThan(Instant cutoff, int limit) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 3)) {
            var it = files.iterator();
            while (it.hasNext() && found.size() < limit) {
                Path p = it.next();
                String name = p.getFileName().toString();
                if (Sha256Hex.isValid(name) && p.getParent().getParent().getParent().equals(root)) {
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                            found.add(name);
                        }
                    } catch (NoSuchFileException e) {
                        // deleted meanwhile
                    }
                }
            }
        }
        return found;
    }

    @Override
    public int purgeAbandoned(Instant cutoff) throws IOException {
        int removed = 0;
        List<Path> candidates;
        try (Stream<Path> parts = Files.list(tmp)) {
            candidates = parts.toList();
        }
        for (Path p : candidates) {
            if (olderThan(p, cutoff) && Files.deleteIfExists(p)) {
                removed++;
            }
        }
        // a .meta whose blob never arrived (crash between the two renames)
        try (Stream<Path> files = Files.walk(root, 3)) {
            candidates = files.filter(p -> p.getFileName().toString().endsWith(META)).toList();
        }
        for (Path meta : candidates) {
            String name = meta.getFileName().toString();
            Path blob = meta.resolveSibling(name.substring(0, name.length() - META.length()));
            if (!Files.exists(blob) && olderThan(meta, cutoff) && Files.deleteIfExists(meta)) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {}

    private static boolean olderThan(Path p, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private Path blobPath(String sha256) {
        Sha256Hex.require(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private static Path metaPath(Path blob) {
        return blob.resolveSibling(blob.getFileName() + META);
    }

    private static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob store directory does not support atomic renames: " + to, e);
        }
    }
}
