package io.wabridge.bridge.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts the in-process WhatsApp simulator (with {@link SimulatedServer}'s part of pairing and login) and points
 * the bridge at it: {@code wabridge.whatsapp.url} and {@code wabridge.whatsapp.noise-root-key}. Tests reach it
 * through a field annotated {@link InjectSimulator}.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSimulator {
    }

    private SimulatedServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new SimulatedServer();
        } catch (Exception e) {
            throw new IllegalStateException("simulator did not start", e);
        }
        return Map.of(
                "wabridge.whatsapp.url", server.url(),
                "wabridge.whatsapp.noise-root-key", server.noiseRootKeyHex());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, SimulatedServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
