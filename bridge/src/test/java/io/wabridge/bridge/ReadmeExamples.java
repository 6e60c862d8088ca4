package io.wabridge.bridge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's JSON examples, each the ```json block after a {@code <!-- KIND-example:NAME -->} marker. */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /** The example {@code name} of kind {@code kind} (e.g. "views", "contacts"), stripped. */
    public static String json(String kind, String name) throws IOException {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        int marker = text.indexOf("<!-- " + kind + "-example:" + name + " -->");
        assertTrue(marker >= 0, "README has no " + kind + " example " + name);
        int start = text.indexOf("```json\n", marker) + "```json\n".length();
        return text.substring(start, text.indexOf("\n```", start)).strip();
    }
}
