package io.wabridge.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What can be checked without a packaged bridge: the sessions view is read, a missing jar is named. */
class WorkerProcessTest {

    @Test
    void readsTheSessionsView() {
        List<WorkerSession> sessions = WorkerProcess.parse("[{\"id\":\"s1\",\"state\":\"open\",\"desired\":\"connected\","
                + "\"partition\":3,\"me\":{\"pn\":\"1@s.whatsapp.net\",\"lid\":null}},"
                + "{\"id\":\"s2\",\"state\":\"pairing\",\"desired\":null,\"partition\":11,\"me\":null}]");
        assertEquals(new WorkerSession("s1", "open", "connected", 3), sessions.get(0));
        assertTrue(sessions.get(0).open());
        assertNull(sessions.get(1).desired());
        assertEquals(11, sessions.get(1).partition());
    }

    @Test
    void refusesToStartWithoutThePackagedBridge() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkerProcess.start("w", Path.of("target/nothing/quarkus-run.jar"), Map.of(), Path.of("target/w.log")));
        assertTrue(e.getMessage().contains("not packaged"), e.getMessage());
    }
}
