package dev.visor.optvis.step;

import dev.visor.Registry;
import dev.visor.optvis.RenderSettings;

/**
 * A named optimiser ({@code optimizer} in {@link RenderSettings}). Implementations are found by
 * {@link #registry()}; a new one is one class plus its line in
 * {@code META-INF/services/dev.visor.optvis.step.StepRuleKind}.
 */
public interface StepRuleKind extends Registry.Named {
    /** A fresh step rule configured by the settings (learning rate and its schedule, momentum). */
    StepRule create(RenderSettings settings);

    /**
     * The learning-rate schedule the settings describe: step drops ({@code learningRateDropEvery} > 0),
     * constant, or linear to {@code learningRateEnd}.
     */
    static LearningRate schedule(RenderSettings s) {
        if (s.learningRateDropEvery() > 0) {
            return LearningRate.stepDecay(s.learningRate(), s.learningRateDrop(), s.learningRateDropEvery());
        }
        return s.learningRateEnd() < 0 ? LearningRate.constant(s.learningRate())
                : LearningRate.linear(s.learningRate(), s.learningRateEnd());
    }

    /** The step rules on the class path. */
    static Registry<StepRuleKind> registry() {
        return Holder.REGISTRY;
    }

    /** Lazily loaded registry. */
    final class Holder {
        private static final Registry<StepRuleKind> REGISTRY = Registry.load(StepRuleKind.class, "optimizer");

        private Holder() {}
    }
}
