package io.wabridge.bridge;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wabridge.testkit.RequiresDocker;
import io.wabridge.testkit.quarkus.DockerInfraResource;
import java.util.List;

/** The same readiness contract against real apache/kafka and mongo:7 containers, when Docker is there. */
@RequiresDocker
@QuarkusTest
@TestProfile(DockerReadinessTest.DockerInfra.class)
class DockerReadinessTest extends ReadinessContract {

    public static class DockerInfra implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DockerInfraResource.class));
        }
    }
}
