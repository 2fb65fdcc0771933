package dev.hearth.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips integration tests, with the reason, when they were not started the way they need (root, hearth.dist). */
public final class IntegrationCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Dist.configured() == null) {
            return ConditionEvaluationResult.disabled(
                    "integration tests skipped: -D" + Dist.PROPERTY + " is not set; they need root and build/dist, run `make test`");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return ConditionEvaluationResult.disabled(
                    "integration tests skipped: they start containerd and mount filesystems, which needs root");
        }
        Dist.home(); // a set but wrong hearth.dist is a broken build, not a reason to skip: this throws
        return ConditionEvaluationResult.enabled(Dist.PROPERTY + "=" + Dist.configured());
    }
}
