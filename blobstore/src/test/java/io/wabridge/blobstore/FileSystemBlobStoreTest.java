package io.wabridge.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    private FileSystemBlobStore store;

    @BeforeEach
    void open() {
        store = new FileSystemBlobStore(root);
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected int largeSize() {
        return 3 * DigestingInputStream.BUFFER_SIZE + 17;
    }

    @Override
    protected int leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return (int) files.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                if (p.getParent().endsWith("tmp")) {
                    return true;
                }
                return name.endsWith(".meta") && !Files.exists(p.resolveSibling(name.substring(0, 64)));
            }).count();
        }
    }

    @Override
    protected void leaveCrashedPut() throws Exception {
        Files.write(root.resolve("tmp").resolve("put-123.part"), new byte[100]);
        Path orphanMeta = root.resolve("ab").resolve("cd").resolve("abcd" + "0".repeat(60) + ".meta");
        Files.createDirectories(orphanMeta.getParent());
        Files.writeString(orphanMeta, "image/png");
    }

    @Test
    void blobsAreShardedByTheirFirstTwoBytes() throws Exception {
        String sha = store.put(new ByteArrayInputStream(new byte[] {1, 2, 3}), "image/png").blob().sha256();
        Path file = root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
        assertTrue(Files.isRegularFile(file));
        assertEquals("image/png", Files.readString(file.resolveSibling(sha + ".meta")));
        assertEquals(3, Files.size(file));
    }
}
