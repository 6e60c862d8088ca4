package io.wabridge.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated test class only when a Docker engine is reachable. For test classes that cannot take
 * the backend as a parameter (a {@code @QuarkusTest} boots one application per class), so that no container
 * start is even attempted without Docker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (DockerSupport.available()) {
                return ConditionEvaluationResult.enabled("Docker engine reachable");
            }
            java.util.logging.Logger.getLogger(RequiresDocker.class.getName()).warning(
                    "No Docker engine reachable: skipping " + context.getDisplayName() + " (real container images)");
            return ConditionEvaluationResult.disabled("no Docker engine reachable");
        }
    }
}
