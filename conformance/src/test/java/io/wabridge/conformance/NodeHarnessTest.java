package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the harness runner reports what a script did, using throwaway scripts. */
class NodeHarnessTest {

    @TempDir
    Path scripts;

    @Test
    void returnsStdoutLinesAndArguments() throws IOException {
        Path script = write("echo.mjs", "console.log('first'); console.log(process.argv.slice(2).join(','));");
        List<String> lines = NodeHarness.fromEnvironment().run(script.toString(), Duration.ofSeconds(30), "a", "b");
        assertEquals(List.of("first", "a,b"), lines);
    }

    @Test
    void nonZeroExitFailsWithStderr() throws IOException {
        Path script = write("fail.mjs", "console.error('the reason'); process.exit(3);");
        NodeHarnessException failure = assertThrows(NodeHarnessException.class,
                () -> NodeHarness.fromEnvironment().run(script.toString(), Duration.ofSeconds(30)));
        assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("the reason"), failure.getMessage());
    }

    @Test
    void scriptThatOutlivesItsTimeoutIsKilled() throws IOException {
        Path script = write("hang.mjs", "console.error('waiting'); setInterval(() => {}, 1000);");
        NodeHarnessException failure = assertThrows(NodeHarnessException.class,
                () -> NodeHarness.fromEnvironment().run(script.toString(), Duration.ofSeconds(2)));
        assertTrue(failure.getMessage().contains("did not finish"), failure.getMessage());
        assertTrue(failure.getMessage().contains("waiting"), failure.getMessage());
    }

    @Test
    void missingNodeIsReportedWithWhatToDo() throws IOException {
        Path emptyDir = Files.createDirectory(scripts.resolve("bin"));
        NodeHarnessException failure = assertThrows(NodeHarnessException.class,
                () -> NodeHarness.locateNode(emptyDir.toString()));
        assertTrue(failure.getMessage().startsWith("node not found on PATH"), failure.getMessage());
        assertThrows(NodeHarnessException.class, () -> NodeHarness.locateNode(null));
    }

    @Test
    void missingScriptIsReportedByPath() {
        NodeHarnessException failure = assertThrows(NodeHarnessException.class,
                () -> NodeHarness.fromEnvironment().run("no-such-script.mjs", Duration.ofSeconds(5)));
        assertTrue(failure.getMessage().contains("no-such-script.mjs"), failure.getMessage());
    }

    private Path write(String name, String source) throws IOException {
        return Files.writeString(scripts.resolve(name), source);
    }
}
