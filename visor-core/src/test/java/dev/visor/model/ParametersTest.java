package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What counts as a parameter: weights do; integer constants, ONNX setting inputs and the fixed one-element
 * scale of elementwise arithmetic do not; a weight two nodes of one layer read counts once.
 */
class ParametersTest {
    @Test
    void countsWeightsNotSettings() {
        try (NDManager m = Engines.newManager()) {
            Graph g = new Graph.Builder().name("p").input("x", -1, 2, 4, 4)
                    .initializer("w", m.ones(new Shape(3, 2, 1, 1)))           // 6 weights
                    .initializer("scale", m.create(new float[] {2f}))         // a fixed scale
                    .initializer("lo", m.create(new float[] {0f}))
                    .initializer("hi", m.create(new float[] {6f}))
                    .initializer("shape", m.create(new long[] {0, -1}))       // integer: a shape
                    .initializer("gain", m.ones(new Shape(1, 3, 1, 1)))        // 3 weights
                    .node("conv", "Conv", List.of("x", "w"), "c", Attributes.empty())
                    .node("mul", "Mul", List.of("c", "scale"), "s", Attributes.empty())
                    .node("clip", "Clip", List.of("s", "lo", "hi"), "k", Attributes.empty())
                    .node("gain1", "Mul", List.of("k", "gain"), "g1", Attributes.empty())
                    .node("gain2", "Mul", List.of("g1", "gain"), "g2", Attributes.empty())
                    .node("flat", "Reshape", List.of("g2", "shape"), "f", Attributes.empty())
                    .output("f").build();
            List<Node> all = g.nodes();
            assertThat(Parameters.count(g, all)).isEqualTo(6 + 3);
            assertThat(Parameters.count(g, all.subList(1, 3))).isZero();
        }
    }
}
