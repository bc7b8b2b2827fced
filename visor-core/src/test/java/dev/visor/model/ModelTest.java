package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelTest {
    static Model model;

    @BeforeAll
    static void build() {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(1);
        Graph g = new Graph.Builder().name("tiny").input("x", -1, 3, 8, 8)
                .initializer("w1", r.normal(m, new Shape(4, 3, 3, 3), 0.5f))
                .initializer("b1", r.normal(m, new Shape(4), 0.1f))
                .initializer("w2", r.normal(m, new Shape(5, 4), 0.5f))
                .node("conv1", "Conv", List.of("x", "w1", "b1"), "c1", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                .node("relu1", "Relu", List.of("c1"), "r1", Attributes.empty())
                .node("gap", "GlobalAveragePool", List.of("r1"), "p", Attributes.empty())
                .node("flat", "Flatten", List.of("p"), "f", Attributes.empty())
                .node("fc", "Gemm", List.of("f", "w2"), "logits", Attributes.builder().put("transB", 1L).build())
                .output("logits").build();
        model = new Model(g, InputSpec.rgb01(8, 8), List.of(), "tiny", m);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void stopsAtDeepestRequestedLayerAndResolvesNames() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = new RunRandom(2).uniform(m, new Shape(2, 3, 8, 8), 0, 1);
            Activations a = model.forward(x, "relu1");
            assertThat(a.get("relu1").getShape()).isEqualTo(new Shape(2, 4, 8, 8));
            assertThat(a.all()).doesNotContainKey("logits");
            assertThat(a.get("r1").getShape()).isEqualTo(new Shape(2, 4, 8, 8));
            assertThat(model.forward(x).output().getShape()).isEqualTo(new Shape(2, 5));
        }
    }

    @Test
    void layerTableListsShapesAndWeightCounts() {
        List<LayerTable.Row> rows = LayerTable.of(model);
        assertThat(rows).extracting(LayerTable.Row::name).containsExactly("conv1", "relu1", "gap", "flat", "fc");
        assertThat(rows.get(0).parameters()).isEqualTo(4 * 3 * 3 * 3 + 4);
        assertThat(rows.get(0).shape()).isEqualTo(new Shape(1, 4, 8, 8));
        assertThat(rows.get(3).shape()).isEqualTo(new Shape(1, 4));
        assertThat(rows.get(4).parameters()).isEqualTo(5 * 4);
    }

    @Test
    void unknownLayerNamesClosest() {
        assertThatThrownBy(() -> model.resolve("reul1")).isInstanceOf(VisorException.class)
                .hasMessageContaining("unknown layer 'reul1'").hasMessageContaining("relu1");
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = new RunRandom(3).uniform(m, new Shape(1, 3, 8, 8), 0, 1);
            NDArray grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray leaf = x.duplicate();
                leaf.setRequiresGradient(true);
                Activations a = model.forward(leaf);
                a.backward(a.output().get(0, 2));
                grad = leaf.getGradient().duplicate();
            }
            float[] g = grad.toFloatArray();
            float[] xs = x.toFloatArray();
            double eps = 1e-2;
            for (int i : new int[] {0, 17, 64, 100, 191}) {
                float[] plus = xs.clone();
                float[] minus = xs.clone();
                plus[i] += eps;
                minus[i] -= eps;
                double fp = model.forward(m.create(plus, x.getShape())).output().getFloat(0, 2);
                double fm = model.forward(m.create(minus, x.getShape())).output().getFloat(0, 2);
                assertThat(g[i]).isCloseTo((float) ((fp - fm) / (2 * eps)), org.assertj.core.data.Offset.offset(2e-3f));
            }
        }
    }

    @Test
    void plainRuleThroughCutsEqualsAutogradAndLeafGradientIsDefined() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = new RunRandom(4).normal(m, new Shape(1, 3, 8, 8), 1f);
            float[] plain = inputGrad(x, ForwardRequest.of());
            // A leaf at relu1 cuts the graph: the input gradient must still be the true one.
            float[] cut = inputGrad(x, ForwardRequest.of().withLeaves(Set.of("relu1")));
            assertThat(cut).containsExactly(plain, org.assertj.core.data.Offset.offset(1e-6f));
            float[] guided = inputGrad(x, ForwardRequest.of().withRule(BackwardRule.GUIDED));
            float[] deconv = inputGrad(x, ForwardRequest.of().withRule(BackwardRule.DECONVNET));
            assertThat(guided).isNotEqualTo(plain);
            assertThat(deconv).isNotEqualTo(guided);
        }
    }

    private static float[] inputGrad(NDArray x, ForwardRequest req) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            Activations a = model.forward(leaf, req);
            a.backward(a.output().get(0, 1));
            return leaf.getGradient().toFloatArray();
        }
    }
}
