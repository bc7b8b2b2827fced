package dev.visor.optvis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.List;

/** Small hand-made models with random weights for fast tests. */
public final class TinyNets {
    private TinyNets() {}

    /**
     * conv1 (C→4, 3×3) → relu1 → conv2 (4→6, 3×3) → relu2 → gap → flat → fc (6→5 logits).
     * Spatial size is free; the spec says {@code size}×{@code size}.
     */
    public static Model conv(int channels, int size, long seed) {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(seed);
        Attributes pad1 = Attributes.builder().put("pads", 1L, 1, 1, 1).build();
        Graph g = new Graph.Builder().name("tiny").input("x", -1, channels, -1, -1)
                .initializer("w1", r.normal(m, new Shape(4, channels, 3, 3), 0.5f))
                .initializer("b1", r.normal(m, new Shape(4), 0.1f))
                .initializer("w2", r.normal(m, new Shape(6, 4, 3, 3), 0.3f))
                .initializer("w3", r.normal(m, new Shape(5, 6), 0.5f))
                .node("conv1", "Conv", List.of("x", "w1", "b1"), "c1", pad1)
                .node("relu1", "Relu", List.of("c1"), "r1", Attributes.empty())
                .node("conv2", "Conv", List.of("r1", "w2"), "c2", pad1)
                .node("relu2", "Relu", List.of("c2"), "r2", Attributes.empty())
                .node("gap", "GlobalAveragePool", List.of("r2"), "p", Attributes.empty())
                .node("flat", "Flatten", List.of("p"), "f", Attributes.empty())
                .node("fc", "Gemm", List.of("f", "w3"), "logits", Attributes.builder().put("transB", 1L).build())
                .output("logits").build();
        InputSpec spec = channels == 1 ? InputSpec.grey01(size, size) : InputSpec.rgb01(size, size);
        return new Model(g, spec, List.of("zero", "one", "two", "three", "four"), "tiny", m);
    }
}
