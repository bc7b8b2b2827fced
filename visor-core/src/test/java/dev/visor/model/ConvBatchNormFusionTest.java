package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.keras.TestPaths;
import org.junit.jupiter.api.Test;

/** Inference folds BatchNormalization into the convolution before it: same outputs and gradients as unfolded. */
class ConvBatchNormFusionTest {
    @Test
    void foldedAndUnfoldedDarknetAgree() {
        try (Model m = ModelLoader.load(TestPaths.shared().resolve("models/darknet-tiny").toString());
             NDManager step = m.manager().newSubManager()) {
            NDArray x = new RunRandom(3).uniform(step, m.inputSpec().batchShape(2), 0, 1);
            // Asking for a convolution's own output turns folding off for that pass.
            float[] folded = m.forward(x, "global_average_pooling2d_1").get("global_average_pooling2d_1").toFloatArray();
            Activations plain = m.forward(x, ForwardRequest.of("global_average_pooling2d_1", "conv2d_1", "conv2d_5", "conv2d_15"));
            float[] unfolded = plain.get("global_average_pooling2d_1").toFloatArray();
            // Float rounding differs in the folded weights: ~1e-6 of the logits' scale measured.
            assertThat(maxAbsDiff(folded, unfolded)).isLessThan(2e-5f * maxAbs(unfolded));
            assertThat(plain.get("conv2d_1").getShape().get(1)).isEqualTo(16);
            float[] g = inputGrad(m, x, ForwardRequest.of("conv2d_5", "global_average_pooling2d_1"));
            // Max pooling routes each gradient to one argmax: a rounding-level change can flip a near tie, so
            // compare whole gradients (relative L2) rather than the worst pixel.
            assertThat(relativeL2(inputGrad(m, x, ForwardRequest.of()), g)).isLessThan(1e-2);
        }
    }

    @Test
    void withoutPoolingTiesGradientsAgreeExactly() {
        RunRandom r = new RunRandom(9);
        ai.djl.ndarray.types.Shape c = new ai.djl.ndarray.types.Shape(6);
        NDManager mm = dev.visor.engine.Engines.newManager();
        Graph g = new Graph.Builder().name("cbn").input("x", -1, 3, 10, 10)
                .initializer("w", r.normal(mm, new ai.djl.ndarray.types.Shape(6, 3, 3, 3), 0.4f))
                .initializer("b", r.normal(mm, c, 0.1f))
                .initializer("gamma", r.uniform(mm, c, 0.5f, 1.5f)).initializer("beta", r.normal(mm, c, 0.2f))
                .initializer("mean", r.normal(mm, c, 0.3f)).initializer("var", r.uniform(mm, c, 0.2f, 2f))
                .node("conv", "Conv", java.util.List.of("x", "w", "b"), "c", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                .node("bn", "BatchNormalization", java.util.List.of("c", "gamma", "beta", "mean", "var"), "n",
                        Attributes.builder().put("epsilon", 1e-3f).build())
                .node("act", "Tanh", java.util.List.of("n"), "t", Attributes.empty())
                .node("gap", "GlobalAveragePool", java.util.List.of("t"), "p", Attributes.empty())
                .output("p").build();
        try (Model m = new Model(g, InputSpec.rgb01(10, 10), java.util.List.of(), "cbn", mm);
             NDManager step = m.manager().newSubManager()) {
            NDArray x = r.uniform(step, m.inputSpec().batchShape(2), 0, 1);
            float[] folded = m.forward(x, "gap").get("gap").toFloatArray();
            float[] unfolded = m.forward(x, "gap", "conv").get("gap").toFloatArray();
            assertThat(maxAbsDiff(folded, unfolded)).isLessThan(1e-6f);
            float[][] grads = new float[2][];
            ForwardRequest[] reqs = {ForwardRequest.of("gap"), ForwardRequest.of("gap", "conv")};
            for (int i = 0; i < 2; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray leaf = x.duplicate();
                    leaf.setRequiresGradient(true);
                    Activations a = m.forward(leaf, reqs[i]);
                    a.backward(a.get("gap").get(":, 2").sum());
                    grads[i] = leaf.getGradient().toFloatArray();
                }
            }
            assertThat(maxAbsDiff(grads[0], grads[1])).isLessThan(1e-6f * 100 * maxAbs(grads[1]));
        }
    }

    private static float[] inputGrad(Model m, NDArray x, ForwardRequest req) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            Activations a = m.forward(leaf, req);
            a.backward(a.get("global_average_pooling2d_1").reshape(2, -1).get(":, 285").sum());
            return leaf.getGradient().toFloatArray();
        }
    }

    private static double relativeL2(float[] a, float[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += b[i] * (double) b[i];
        }
        System.out.printf("relative L2 of input-gradient difference: %.2e%n", Math.sqrt(num / den));
        return Math.sqrt(num / den);
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
