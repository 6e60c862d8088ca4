package io.wabridge.testkit.quarkus;

import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;

/** The embedded servers behind a Quarkus test, injected so a test can stop and restart them. */
public record EmbeddedInfra(EmbeddedKafka kafka, EmbeddedMongo mongo) {}
