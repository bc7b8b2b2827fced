package dev.visor.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Input gradients of random small graphs of differentiable ops (through {@link Activations#backward})
 * equal central finite differences. Everything runs in float64, so with step 1e-5 the difference
 * quotient is exact to ~1e-9 and a relative tolerance of 1e-5 catches any wrong backward.
 */
class OpGradientPropertiesTest {
    static final int LAYER_KINDS = 17;

    @Property(tries = 30, seed = "20240607")
    void inputGradientsMatchFiniteDifferences(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = LAYER_KINDS - 1) Integer> layers,
                                              @ForAll @IntRange(min = 0, max = 1000) int seed) {
        try (Model model = build(layers, seed); NDManager m = Engines.newManager()) {
            RunRandom r = new RunRandom(seed + 1);
            NDArray x = r.normal(m, new Shape(1, 3, 6, 6), 1f).toType(DataType.FLOAT64, false);
            NDArray weights = r.normal(m, new Shape(1, 3), 1f).toType(DataType.FLOAT64, false);
            double[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray leaf = x.duplicate();
                leaf.setRequiresGradient(true);
                Activations a = model.forward(leaf);
                a.backward(a.output().mul(weights).sum());
                grad = leaf.getGradient().toDoubleArray();
            }
            double[] xs = x.toDoubleArray();
            double eps = 1e-5;
            for (int k = 0; k < 6; k++) {
                int i = r.nextInt(xs.length);
                double[] plus = xs.clone();
                double[] minus = xs.clone();
                plus[i] += eps;
                minus[i] -= eps;
                double fp = score(model, m.create(plus, x.getShape()), weights);
                double fm = score(model, m.create(minus, x.getShape()), weights);
                double fd = (fp - fm) / (2 * eps);
                assertThat(Math.abs(grad[i] - fd)).as("layers %s seed %d coordinate %d: autograd %s vs fd %s", layers, seed, i,
                        grad[i], fd).isLessThanOrEqualTo(1e-7 + 1e-5 * Math.abs(fd));
            }
        }
    }

    private static double score(Model model, NDArray x, NDArray w) {
        return model.forward(x).output().mul(w).sum().getDouble();
    }

    /** A chain of the chosen layers on a 3×6×6 input, ending in Flatten + Gemm to 3 outputs. */
    static Model build(List<Integer> layers, int seed) {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(seed);
        Graph.Builder b = new Graph.Builder().name("random").input("x", -1, 3, 6, 6);
        String t = "x";
        long c = 3;
        long hw = 6;
        int i = 0;
        for (int kind : layers) {
            String p = "l" + i++ + "_";
            String out = p + "out";
            switch (kind) {
                case 0 -> {
                    long co = 2 + r.nextInt(3);
                    b.initializer(p + "w", w(r, m, co, c, 3, 3)).initializer(p + "b", w(r, m, co));
                    b.node(p + "conv", "Conv", List.of(t, p + "w", p + "b"), out, Attributes.builder().put("pads", 1L, 1, 1, 1).build());
                    c = co;
                }
                case 1 -> b.node(p + "maxpool", "MaxPool", List.of(t), out, Attributes.builder().put("kernel_shape", 2L, 2)
                        .put("pads", 0L, 0, 1, 1).build());
                case 2 -> b.node(p + "avgpool", "AveragePool", List.of(t), out, Attributes.builder().put("kernel_shape", 3L, 3)
                        .put("pads", 1L, 1, 1, 1).build());
                case 3 -> b.node(p + "tanh", "Tanh", List.of(t), out, Attributes.empty());
                case 4 -> b.node(p + "sigmoid", "Sigmoid", List.of(t), out, Attributes.empty());
                case 5 -> b.node(p + "elu", "Elu", List.of(t), out, Attributes.empty());
                case 6 -> b.node(p + "lrelu", "LeakyRelu", List.of(t), out, Attributes.builder().put("alpha", 0.2f).build());
                case 7 -> b.node(p + "softplus", "Softplus", List.of(t), out, Attributes.empty());
                case 8 -> {
                    b.initializer(p + "s", pos(r, m, c)).initializer(p + "b", w(r, m, c)).initializer(p + "m", w(r, m, c))
                            .initializer(p + "v", pos(r, m, c));
                    b.node(p + "bn", "BatchNormalization", List.of(t, p + "s", p + "b", p + "m", p + "v"), out, Attributes.empty());
                }
                case 9 -> {
                    b.initializer(p + "w", w(r, m, c, c, 3, 3));
                    b.node(p + "conv", "Conv", List.of(t, p + "w"), p + "c", Attributes.builder().put("pads", 1L, 1, 1, 1).build());
                    b.node(p + "add", "Add", List.of(t, p + "c"), out, Attributes.empty());
                }
                case 10 -> {
                    b.node(p + "sig", "Sigmoid", List.of(t), p + "s", Attributes.empty());
                    b.node(p + "mul", "Mul", List.of(t, p + "s"), out, Attributes.empty());
                }
                case 11 -> {
                    b.initializer(p + "w", w(r, m, 2, c, 1, 1));
                    b.node(p + "conv", "Conv", List.of(t, p + "w"), p + "c", Attributes.empty());
                    b.node(p + "concat", "Concat", List.of(t, p + "c"), out, Attributes.builder().put("axis", 1L).build());
                    c += 2;
                }
                case 12 -> {
                    b.initializer(p + "scales", m.create(new float[] {1, 1, 2, 2}));
                    String coord = r.nextInt(2) == 0 ? "half_pixel" : "align_corners";
                    b.node(p + "resize", "Resize", List.of(t, "", p + "scales"), p + "u", Attributes.builder().put("mode", "linear")
                            .put("coordinate_transformation_mode", coord).build());
                    b.node(p + "pool", "AveragePool", List.of(p + "u"), out, Attributes.builder().put("kernel_shape", 2L, 2)
                            .put("strides", 2L, 2).build());
                }
                case 13 -> {
                    long co = 2 + r.nextInt(2);
                    b.initializer(p + "w", w(r, m, c, co, 3, 3));
                    b.node(p + "deconv", "ConvTranspose", List.of(t, p + "w"), p + "d", Attributes.builder().put("strides", 2L, 2)
                            .put("pads", 1L, 1, 1, 1).put("output_padding", 1L, 1).build());
                    b.node(p + "pool", "MaxPool", List.of(p + "d"), out, Attributes.builder().put("kernel_shape", 2L, 2)
                            .put("strides", 2L, 2).build());
                    c = co;
                }
                case 14 -> b.node(p + "lrn", "LRN", List.of(t), out, Attributes.builder().put("size", 3L).put("alpha", 0.5f).build());
                case 15 -> b.node(p + "softmax", "Softmax", List.of(t), out, Attributes.builder().put("axis", 1L).build());
                default -> {
                    b.initializer(p + "w", w(r, m, c, 1, 3, 3));
                    b.node(p + "dw", "Conv", List.of(t, p + "w"), out, Attributes.builder().put("group", c).put("pads", 1L, 1, 1, 1)
                            .put("dilations", 1L, 1).build());
                }
            }
            t = out;
        }
        b.node("flatten", "Flatten", List.of(t), "f", Attributes.empty());
        b.initializer("fc_w", w(r, m, 3, c * hw * hw)).initializer("fc_b", w(r, m, 3));
        b.node("fc", "Gemm", List.of("f", "fc_w", "fc_b"), "logits", Attributes.builder().put("transB", 1L).build());
        b.output("logits");
        return new Model(b.build(), InputSpec.rgb01(6, 6), List.of(), "random", m);
    }

    private static NDArray w(RunRandom r, NDManager m, long... shape) {
        return r.normal(m, new Shape(shape), 0.5f).toType(DataType.FLOAT64, false);
    }

    private static NDArray pos(RunRandom r, NDManager m, long n) {
        return r.uniform(m, new Shape(n), 0.5f, 1.5f).toType(DataType.FLOAT64, false);
    }
}
