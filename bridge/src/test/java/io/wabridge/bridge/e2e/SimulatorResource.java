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
        java.nio.file.Path pem;
        try { // the bridge's client trusts the simulator's media host, as a deployment trusts WhatsApp's
            pem = java.nio.file.Files.createTempFile("wabridge-sim-media", ".pem");
            pem.toFile().deleteOnExit();
            java.nio.file.Files.writeString(pem, server.media().server().certificatePem());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of(
                "wabridge.whatsapp.url", server.url(),
                "wabridge.whatsapp.noise-root-key", server.noiseRootKeyHex(),
                "wabridge.media.whatsapp-trust-pem", pem.toString());
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
