package io.wabridge.bridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of deploy/k8s hold together: kustomize lists every manifest (not the Secret templates),
 * each Service selects its Deployment's pods on a port they name, and the workers, whose views are off, send view
 * queries to the views Deployment's Service, which runs the same image with {@code WABRIDGE_MODE=views}.
 */
class DeployManifestsTest {
    private static final Path K8S = Path.of("..", "deploy", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void kustomizeListsEveryManifestButTheSecretTemplates() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        List<String> present;
        try (Stream<Path> files = Files.list(K8S)) {
            present = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.contains(".example."))
                    .sorted().toList();
        }
        assertEquals(present, listed.stream().sorted().toList());
    }

    @Test
    void theWorkersSendViewQueriesToTheViewsService() throws IOException {
        Map<String, JsonNode> byKindAndName = resources();
        JsonNode workers = byKindAndName.get("Deployment/wabridge-bridge");
        JsonNode views = byKindAndName.get("Deployment/wabridge-views");
        JsonNode viewsService = byKindAndName.get("Service/wabridge-views");
        assertNotNull(workers);
        assertNotNull(views);
        assertNotNull(viewsService);

        Map<String, String> workerEnv = env(workers);
        assertEquals("false", workerEnv.get("WABRIDGE_VIEWS_ENABLED"));
        assertFalse(workerEnv.containsKey("WABRIDGE_MODE"), "a worker runs in the default mode");
        assertEquals("http://wabridge-views:" + viewsService.path("spec").path("ports").get(0).path("port").asInt(),
                workerEnv.get("WABRIDGE_VIEWS_URL"));

        Map<String, String> viewsEnv = env(views);
        assertEquals("views", viewsEnv.get("WABRIDGE_MODE"));
        assertFalse("false".equals(viewsEnv.get("WABRIDGE_VIEWS_ENABLED")));
        assertEquals(container(workers).path("image").asText(), container(views).path("image").asText(),
                "the same image");
        // The same HTTP credentials: a worker's forwarded query authenticates with the peer token both derive.
        assertTrue(secrets(workers).contains("wabridge-bridge-api"), "the workers read the API Secret");
        assertTrue(secrets(views).contains("wabridge-bridge-api"), "the views read the workers' API Secret");
        assertFalse(secrets(views).contains("wabridge-bridge-mongodb"), "the views use no database");
        // The views' state directory is a volume of its own, mounted where Kafka Streams is told to keep it.
        String stateDir = viewsEnv.get("KAFKA_STREAMS_STATE_DIR");
        assertNotNull(stateDir);
        boolean mounted = false;
        for (JsonNode mount : container(views).path("volumeMounts")) {
            mounted |= mount.path("mountPath").asText().equals(stateDir);
        }
        assertTrue(mounted, "the state directory " + stateDir + " is a mounted volume");
    }

    @Test
    void eachServiceAndBudgetSelectsItsDeploymentsPodsOnANamedPort() throws IOException {
        Map<String, JsonNode> all = resources();
        for (String name : List.of("wabridge-bridge", "wabridge-views")) {
            JsonNode deployment = all.get("Deployment/" + name);
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            for (String selecting : List.of("Service/" + name, "PodDisruptionBudget/" + name)) {
                JsonNode resource = all.get(selecting);
                assertNotNull(resource, selecting);
                JsonNode selector = resource.path("spec").path("selector");
                if (selector.has("matchLabels")) {
                    selector = selector.path("matchLabels");
                }
                assertTrue(selector.size() > 0, selecting);
                selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                        labels.path(e.getKey()).asText(), selecting + " selects " + e.getKey()));
            }
            assertEquals(deployment.path("spec").path("selector").path("matchLabels").toString(),
                    all.get("Service/" + name).path("spec").path("selector").toString(), name);
            String target = all.get("Service/" + name).path("spec").path("ports").get(0).path("targetPort").asText();
            boolean named = false;
            for (JsonNode port : container(deployment).path("ports")) {
                named |= port.path("name").asText().equals(target);
            }
            assertTrue(named, name + "'s Service targets port " + target + ", which its pods name");
        }
    }

    private static Map<String, JsonNode> resources() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        for (JsonNode file : kustomization.path("resources")) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
                    .readValues(K8S.resolve(file.asText()).toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && doc.has("kind")) {
                        out.put(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(), doc);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static List<String> secrets(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        for (JsonNode from : container(deployment).path("envFrom")) {
            if (from.has("secretRef")) {
                names.add(from.path("secretRef").path("name").asText());
            }
        }
        return names;
    }

    private static Map<String, String> env(JsonNode deployment) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container(deployment).path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "(from " + e.path("valueFrom") + ")");
        }
        return env;
    }
}
