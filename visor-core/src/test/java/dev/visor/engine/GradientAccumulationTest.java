package dev.visor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * DJL's PyTorch GradientCollector never zeroes gradients: libtorch adds each backward into {@code .grad}, across
 * collectors. A training loop must zero them itself (GeneratorTrainer does, in place, after each update).
 */
class GradientAccumulationTest {
    @Test
    void gradientsAddUpAcrossCollectorsUntilZeroedInPlace() {
        try (NDManager m = Engines.newManager()) {
            NDArray w = m.create(new float[] {1, 2});
            w.setRequiresGradient(true);
            float[][] seen = new float[3][];
            for (int i = 0; i < 3; i++) {
                try (NDManager s = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.mul(s.create(3f)).sum()); // d/dw = 3
                    }
                    try (NDArray g = w.getGradient()) {
                        seen[i] = g.toFloatArray();
                        if (i == 1) {
                            g.subi(g);
                        }
                    }
                }
            }
            assertThat(seen[0]).containsExactly(3f, 3f);
            assertThat(seen[1]).containsExactly(6f, 6f);
            assertThat(seen[2]).containsExactly(3f, 3f);
        }
    }
}
