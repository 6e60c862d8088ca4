package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's JSON examples: the first line starting with '{' after a {@code <!-- KIND-example:NAME -->} marker.
 * One parser for the documented-examples tests.
 */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /** The example marked {@code <!-- kind-example:name -->}. */
    static String example(String kind, String name) throws IOException {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        String marker = "<!-- " + kind + "-example:" + name + " -->";
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "README has no " + marker);
        int start = text.indexOf('{', at);
        return text.substring(start, text.indexOf('\n', start)).strip();
    }
}
