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
        String text = readme();
        int marker = marker(text, kind, name);
        int start = text.indexOf("```json\n", marker) + "```json\n".length();
        return text.substring(start, text.indexOf("\n```", start)).strip();
    }

    /** The one-line JSON example after a {@code <!-- KIND-example:NAME -->} marker (in an indented block), stripped. */
    public static String line(String kind, String name) throws IOException {
        String text = readme();
        int start = text.indexOf('{', marker(text, kind, name));
        return text.substring(start, text.indexOf('\n', start)).strip();
    }

    private static int marker(String text, String kind, String name) {
        int at = text.indexOf("<!-- " + kind + "-example:" + name + " -->");
        assertTrue(at >= 0, "README has no <!-- " + kind + "-example:" + name + " -->");
        return at;
    }

    private static String readme() throws IOException {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        return Files.readString(readme);
    }
}
