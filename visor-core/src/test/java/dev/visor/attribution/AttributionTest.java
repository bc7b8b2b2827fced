package dev.visor.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution methods on hand-built graphs, against planted ground truth and hand computations. */
class AttributionTest {

    /**
     * x·mask (mask: 1 on columns 0-3, 0 on 4-7) → 1×1 conv (no bias) → ReLU → 2×2 average pool (4×4)
     * → global average pool → dense. The class score depends only on the left half of the image.
     */
    private static Model leftHalfModel(NDManager m) {
        float[] mask = new float[64];
        for (int i = 0; i < 64; i++) {
            mask[i] = i % 8 < 4 ? 1f : 0f;
        }
        RunRandom r = new RunRandom(5);
        Graph g = new Graph.Builder().name("left-half").input("x", -1, 3, 8, 8)
                .initializer("mask", m.create(mask, new Shape(1, 1, 8, 8)))
                .initializer("w1", r.normal(m, new Shape(4, 3, 1, 1), 0.5f).abs())
                .initializer("w2", r.normal(m, new Shape(2, 4), 0.5f).abs())
                .node("masked", "Mul", List.of("x", "mask"), "xm", Attributes.empty())
                .node("conv", "Conv", List.of("xm", "w1"), "c", Attributes.empty())
                .node("relu", "Relu", List.of("c"), "r", Attributes.empty())
                .node("pool", "AveragePool", List.of("r"), "p",
                        Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build())
                .node("gap", "GlobalAveragePool", List.of("p"), "gp", Attributes.empty())
                .node("flat", "Flatten", List.of("gp"), "f", Attributes.empty())
                .node("fc", "Gemm", List.of("f", "w2"), "logits", Attributes.builder().put("transB", 1L).build())
                .output("logits").build();
        return new Model(g, InputSpec.rgb01(8, 8), List.of("a", "b"), "left-half", m);
    }

    @Test
    void plantedLeftHalfDependenceSaliencyAndGradCamAreZeroOnTheRight() {
        try (Model model = leftHalfModel(Engines.newManager()); NDManager m = Engines.newManager()) {
            NDArray x = new RunRandom(6).uniform(m, new Shape(1, 3, 8, 8), 0.1f, 1f);
            Attributor at = new Attributor(model);
            assertThat(at.defaultLayer(null)).isEqualTo("pool");
            List<AttributionMap> rs = at.run(x, new Attribution(List.of(AttributionMethod.SALIENCY, AttributionMethod.GRAD_CAM), null, null));
            float[] sal = rs.get(0).map().toFloatArray();
            assertThat(rs.get(0).map().getShape()).isEqualTo(new Shape(1, 8, 8));
            float[] cam = rs.get(1).map().toFloatArray();
            float[] coarse = rs.get(1).coarse().toFloatArray();
            assertThat(rs.get(1).layer()).isEqualTo("pool");
            for (int i = 0; i < 64; i++) {
                int col = i % 8;
                if (col >= 4) {
                    assertThat(sal[i]).as("saliency at column %d", col).isEqualTo(0f);
                } else {
                    assertThat(sal[i]).as("saliency at column %d", col).isGreaterThan(0f);
                }
                // Bilinear (half-pixel) upsampling 4→8 reads coarse columns 2-3 only for fine columns 5-7.
                if (col >= 5) {
                    assertThat(cam[i]).as("Grad-CAM at column %d", col).isEqualTo(0f);
                }
                if (col < 4) {
                    assertThat(cam[i]).as("Grad-CAM at column %d", col).isGreaterThan(0f);
                }
            }
            for (int i = 0; i < 16; i++) {
                assertThat(coarse[i] == 0f).as("coarse Grad-CAM at column %d", i % 4).isEqualTo(i % 4 >= 2);
            }
            // The upsampled map equals an independent half-pixel bilinear interpolation of the coarse one.
            float[] expected = bilinear(coarse, 4, 4, 8, 8);
            assertThat(cam).containsExactly(expected, offset(1e-5f));
        }
    }

    /** Half-pixel bilinear resize with edge clamping, computed by hand. */
    private static float[] bilinear(float[] src, int h, int w, int oh, int ow) {
        float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            double sy = Math.max(0, (y + 0.5) * h / oh - 0.5);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double ty = sy - y0;
            for (int x = 0; x < ow; x++) {
                double sx = Math.max(0, (x + 0.5) * w / ow - 0.5);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double tx = sx - x0;
                double v = (1 - ty) * ((1 - tx) * src[y0 * w + x0] + tx * src[y0 * w + x1])
                        + ty * ((1 - tx) * src[y1 * w + x0] + tx * src[y1 * w + x1]);
                out[y * ow + x] = (float) v;
            }
        }
        return out;
    }

    // A 2×2 grey image → dense 4→3 → ReLU → dense 3→2, with weights chosen so that the ReLU sees
    // every case: h > 0 with g < 0, h < 0 with g > 0, h > 0 with g > 0.
    private static final float[][] W1 = {{1f, -1f, 0.5f, 0f}, {-1f, 0.5f, -0.5f, 0.2f}, {0.3f, 0.3f, 0.3f, 0.3f}};
    private static final float[][] W2 = {{-2f, 1.5f, 1f}, {0.5f, 0.5f, 0.5f}};
    private static final float[] X = {0.9f, 0.2f, 0.4f, 0.7f};

    private static Model denseModel(NDManager m) {
        Graph g = new Graph.Builder().name("dense").input("x", -1, 1, 2, 2)
                .initializer("w1", m.create(flat(W1), new Shape(3, 4)))
                .initializer("w2", m.create(flat(W2), new Shape(2, 3)))
                .node("flat", "Flatten", List.of("x"), "f", Attributes.empty())
                .node("fc1", "Gemm", List.of("f", "w1"), "h", Attributes.builder().put("transB", 1L).build())
                .node("relu", "Relu", List.of("h"), "r", Attributes.empty())
                .node("fc2", "Gemm", List.of("r", "w2"), "logits", Attributes.builder().put("transB", 1L).build())
                .output("logits").build();
        return new Model(g, InputSpec.grey01(2, 2), List.of(), "dense", m);
    }

    @Test
    void guidedAndDeconvNetFollowTheirRectifierRulesByHand() {
        // Hand computation for class 0: h = W1·x; g_r = W2[0]; rule at the ReLU; g_x = W1ᵀ·g_h.
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 4; i++) {
                h[j] += W1[j][i] * X[i];
            }
        }
        assertThat(h[0]).isPositive();
        assertThat(h[1]).isNegative();
        assertThat(h[2]).isPositive();
        double[] plain = new double[3];
        double[] guided = new double[3];
        double[] deconv = new double[3];
        for (int j = 0; j < 3; j++) {
            double g = W2[0][j];
            plain[j] = h[j] > 0 ? g : 0;
            guided[j] = h[j] > 0 ? Math.max(g, 0) : 0;
            deconv[j] = Math.max(g, 0);
        }
        try (Model model = denseModel(Engines.newManager()); NDManager m = Engines.newManager()) {
            NDArray x = m.create(X, new Shape(1, 1, 2, 2));
            Objective logit0 = ObjectiveParser.parse("logit(0)", new ModelShapes(model));
            Attributor at = new Attributor(model);
            float[] gGuided = at.run(x, AttributionMethod.GUIDED_BACKPROP, logit0, null).map().toFloatArray();
            float[] gDeconv = at.run(x, AttributionMethod.DECONVNET, logit0, null).map().toFloatArray();
            AttributionMap sal = at.run(x, AttributionMethod.SALIENCY, logit0, null);
            assertThat(gGuided).containsExactly(back(guided), offset(1e-6f));
            assertThat(gDeconv).containsExactly(back(deconv), offset(1e-6f));
            float[] plainX = back(plain);
            float[] absPlain = new float[4];
            for (int i = 0; i < 4; i++) {
                absPlain[i] = Math.abs(plainX[i]);
            }
            assertThat(sal.map().toFloatArray()).containsExactly(absPlain, offset(1e-6f));
            // The three rules really differ on this input.
            assertThat(gGuided).isNotEqualTo(plainX);
            assertThat(gDeconv).isNotEqualTo(gGuided);
            double score = 0;
            for (int j = 0; j < 3; j++) {
                score += W2[0][j] * Math.max(h[j], 0);
            }
            assertThat(sal.scores()[0]).isCloseTo((float) score, offset(1e-6f));
            assertThat(sal.classes()).isNull();
        }
    }

    private static float[] back(double[] gh) {
        float[] gx = new float[4];
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += W1[j][i] * gh[j];
            }
            gx[i] = (float) s;
        }
        return gx;
    }

    /** conv1 (3 channels, 3×3, bias) → ReLU → conv2 (3×3) → ReLU → GAP → dense: a nonlinear head above conv1. */
    private static Graph.Builder headLayers(Graph.Builder b, NDManager m, String in) {
        RunRandom r = new RunRandom(8);
        return b.initializer("w2", r.normal(m, new Shape(4, 3, 3, 3), 0.5f))
                .initializer("b2", r.normal(m, new Shape(4), 0.2f))
                .initializer("w3", r.normal(m, new Shape(3, 4), 0.5f))
                .node("relu1", "Relu", List.of(in), "r1", Attributes.empty())
                .node("conv2", "Conv", List.of("r1", "w2", "b2"), "c2", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                .node("relu2", "Relu", List.of("c2"), "r2", Attributes.empty())
                .node("gap", "GlobalAveragePool", List.of("r2"), "p", Attributes.empty())
                .node("flat", "Flatten", List.of("p"), "f", Attributes.empty())
                .node("fc", "Gemm", List.of("f", "w3"), "logits", Attributes.builder().put("transB", 1L).build())
                .output("logits");
    }

    @Test
    void gradCamWeightsAreTheSpatialMeanGradientByFiniteDifferences() {
        RunRandom r = new RunRandom(7);
        NDManager fm = Engines.newManager();
        Graph.Builder full = new Graph.Builder().name("full").input("x", -1, 3, 6, 6)
                .initializer("w1", r.normal(fm, new Shape(3, 3, 3, 3), 0.5f))
                .initializer("b1", r.normal(fm, new Shape(3), 0.2f))
                .node("conv1", "Conv", List.of("x", "w1", "b1"), "c1", Attributes.builder().put("pads", 1L, 1, 1, 1).build());
        NDManager hm = Engines.newManager();
        // The head alone, input = conv1's activation: the score as a function of A, evaluated independently.
        Graph.Builder head = new Graph.Builder().name("head").input("c1", -1, 3, 6, 6);
        try (Model model = new Model(headLayers(full, fm, "c1").build(), InputSpec.rgb01(6, 6), List.of(), "full", fm);
             Model headModel = new Model(headLayers(head, hm, "c1").build(), InputSpec.rgb01(6, 6), List.of(), "head", hm);
             NDManager m = Engines.newManager()) {
            NDArray x = new RunRandom(9).uniform(m, new Shape(1, 3, 6, 6), 0, 1);
            Objective logit1 = ObjectiveParser.parse("logit(1)", new ModelShapes(model));
            Attributor at = new Attributor(model);
            assertThat(at.defaultLayer(logit1)).isEqualTo("relu2");
            AttributionMap cam = at.run(x, AttributionMethod.GRAD_CAM, logit1, "conv1");
            float[] w = cam.weights().toFloatArray();
            NDArray a = model.forward(x, "conv1").get("conv1");
            float[] av = a.toFloatArray();
            double eps = 1e-2;
            int plane = 36;
            double[] fd = new double[3];
            for (int k = 0; k < 3; k++) {
                float[] plus = av.clone();
                float[] minus = av.clone();
                for (int p = 0; p < plane; p++) {
                    plus[k * plane + p] += eps;
                    minus[k * plane + p] -= eps;
                }
                double sp = headModel.forward(m.create(plus, a.getShape())).output().getFloat(0, 1);
                double sm = headModel.forward(m.create(minus, a.getShape())).output().getFloat(0, 1);
                // d/dε s(A + ε·1_k) = Σ_p ∂s/∂A_k(p) = H·W·w_k.
                fd[k] = (sp - sm) / (2 * eps * plane);
                assertThat(w[k]).as("weight of channel %d", k).isCloseTo((float) fd[k], offset(2e-3f));
            }
            assertThat(java.util.Arrays.stream(fd).map(Math::abs).max().orElseThrow()).isGreaterThan(1e-2);
            // The coarse map is ReLU(Σ_k w_k·A_k) with those weights; layer = conv1 is at input size.
            float[] coarse = cam.coarse().toFloatArray();
            for (int p = 0; p < plane; p++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += fd[k] * av[k * plane + p];
                }
                assertThat(coarse[p]).isCloseTo((float) Math.max(0, s), offset(5e-3f));
            }
            assertThat(cam.map().toFloatArray()).containsExactly(coarse, offset(1e-6f));
            assertThat(cam.scores()[0]).isCloseTo(model.forward(x).output().getFloat(0, 1), offset(1e-5f));
        }
    }

    @Test
    void gradCamLayerAboveTheTargetIsAOneLineError() {
        try (Model model = leftHalfModel(Engines.newManager()); NDManager m = Engines.newManager()) {
            NDArray x = m.ones(new Shape(1, 3, 8, 8));
            Objective unit = ObjectiveParser.parse("relu:0", new ModelShapes(model));
            Attributor at = new Attributor(model);
            assertThatThrownBy(() -> at.run(x, AttributionMethod.GRAD_CAM, unit, "pool"))
                    .isInstanceOf(VisorException.class).hasMessageContaining("reaches Grad-CAM layer 'pool'");
            assertThatThrownBy(() -> at.run(x, AttributionMethod.GRAD_CAM, null, "logits"))
                    .isInstanceOf(VisorException.class).hasMessageContaining("spatial");
            assertThatThrownBy(() -> AttributionMethod.parseList("saliency,occlusion"))
                    .isInstanceOf(VisorException.class).hasMessageContaining("'occlusion'").hasMessageContaining("gradcam");
        }
    }

    private static float[] flat(float[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * a[0].length, a[i].length);
        }
        return out;
    }
}
