package dev.visor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training-mode BatchNormalization updates the running statistics in place with ONNX's momentum
 * semantics: running = momentum · running + (1 − momentum) · batch statistic. (libtorch uses the
 * unbiased batch variance for the running variance, as PyTorch does.)
 */
class BatchNormTrainingTest {
    @Test
    void runningStatisticsFollowOnnxMomentum() {
        NDManager wm = Engines.newManager();
        float momentum = 0.8f;
        Graph g = new Graph.Builder().name("bn").input("x", -1, 2, 3, 3)
                .initializer("s", wm.create(new float[] {1f, 2f}))
                .initializer("b", wm.create(new float[] {0f, 1f}))
                .initializer("mean", wm.create(new float[] {0.5f, -1f}))
                .initializer("var", wm.create(new float[] {2f, 3f}))
                .node("bn1", "BatchNormalization", List.of("x", "s", "b", "mean", "var"), "y",
                        Attributes.builder().put("epsilon", 1e-5f).put("momentum", momentum).build())
                .output("y").build();
        try (Model model = new Model(g, new InputSpec(1, 3, 3, 0, 1, null, null, false, "NCHW"), List.of(), "bn", wm);
             NDManager m = wm.newSubManager()) {
            NDArray x = new RunRandom(3).normal(m, new Shape(4, 2, 3, 3), 2f);
            float[] xs = x.toFloatArray();
            NDArray y = model.forward(x, ForwardRequest.of().inTraining()).output();
            float[] oldMean = {0.5f, -1f};
            float[] oldVar = {2f, 3f};
            float[] mean = model.graph().initializers().get("mean").toFloatArray();
            float[] var = model.graph().initializers().get("var").toFloatArray();
            float[] ys = y.toFloatArray();
            for (int c = 0; c < 2; c++) {
                double sum = 0;
                int n = 0;
                for (int i = 0; i < 4; i++) {
                    for (int p = 0; p < 9; p++) {
                        sum += xs[(i * 2 + c) * 9 + p];
                        n++;
                    }
                }
                double mu = sum / n;
                double ss = 0;
                for (int i = 0; i < 4; i++) {
                    for (int p = 0; p < 9; p++) {
                        double d = xs[(i * 2 + c) * 9 + p] - mu;
                        ss += d * d;
                    }
                }
                assertThat((double) mean[c]).isCloseTo(momentum * oldMean[c] + (1 - momentum) * mu, offset(1e-5));
                assertThat((double) var[c]).isCloseTo(momentum * oldVar[c] + (1 - momentum) * ss / (n - 1), offset(1e-4));
                // The output uses the batch statistics (biased variance).
                double expect = (xs[c * 9] - mu) / Math.sqrt(ss / n + 1e-5) * (c + 1) + c;
                assertThat((double) ys[c * 9]).isCloseTo(expect, offset(1e-4));
            }
            // Inference leaves them alone.
            model.forward(x, ForwardRequest.of());
            assertThat(model.graph().initializers().get("mean").toFloatArray()).containsExactly(mean);
        }
    }
}
