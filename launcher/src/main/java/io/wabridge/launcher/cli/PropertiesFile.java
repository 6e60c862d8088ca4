package io.wabridge.launcher.cli;

import io.wabridge.client.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * One small store file: a properties map written whole to a temporary file, flushed to disk, then renamed over
 * the old one, so a crash leaves either the old or the new content, never a mix.
 */
final class PropertiesFile {
    private final Path path;

    PropertiesFile(Path path) {
        this.path = path;
    }

    Properties read() {
        Properties p = new Properties();
        if (Files.exists(path)) {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new FileStoreException("cannot read " + path, e);
            }
        }
        return p;
    }

    void write(Properties content) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(path.getParent());
            java.io.StringWriter text = new java.io.StringWriter();
            content.store(text, null);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FileStoreException("cannot write " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new FileStoreException("cannot delete " + path, e);
        }
    }

    static final class FileStoreException extends StoreException {
        FileStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
