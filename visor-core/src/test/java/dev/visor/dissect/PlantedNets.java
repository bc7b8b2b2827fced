package dev.visor.dissect;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.List;

/** Hand-made models whose units compute known functions of the image, for dissection tests. */
final class PlantedNets {
    private PlantedNets() {}

    /** One unit: the red channel (a 1×1 convolution with weights (1, 0, 0)), layer "red". */
    static Model redChannel(int size) {
        NDManager m = Engines.newManager();
        Graph g = new Graph.Builder().name("red-channel").input("x", -1, 3, -1, -1)
                .initializer("w", m.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1)))
                .node("red", "Conv", List.of("x", "w"), "r", Attributes.empty()).output("r").build();
        return new Model(g, InputSpec.rgb01(size, size), List.of(), "red-channel", m);
    }

    /**
     * Layer "colour" (full resolution): unit 0 redness R − (G + B)/2, unit 1 blueness B − (R + G)/2, unit 2 the
     * constant 1. Layer "stripes" (an 8-px grid): the local mean of |∂I/∂y| minus that of |∂I/∂x| over a 16-px
     * window, summed over R, G, B: high on horizontal stripes, about 0 on isotropic patterns, negative on vertical ones.
     */
    static Model planted(int size) {
        NDManager m = Engines.newManager();
        float h = -0.5f;
        float[] colour = {1, h, h, h, h, 1, 0, 0, 0};
        float[] grad = new float[6 * 3 * 2 * 2];
        for (int c = 0; c < 3; c++) {
            // dy on channel c: bottom row minus top row; dx: right column minus left column
            int dy = (c * 3 + c) * 4;
            grad[dy] = -0.5f;
            grad[dy + 1] = -0.5f;
            grad[dy + 2] = 0.5f;
            grad[dy + 3] = 0.5f;
            int dx = ((3 + c) * 3 + c) * 4;
            grad[dx] = -0.5f;
            grad[dx + 1] = 0.5f;
            grad[dx + 2] = -0.5f;
            grad[dx + 3] = 0.5f;
        }
        Attributes pool = Attributes.builder().put("kernel_shape", 16L, 16).put("strides", 8L, 8).build();
        Graph g = new Graph.Builder().name("planted").input("x", -1, 3, -1, -1)
                .initializer("wc", m.create(colour, new Shape(3, 3, 1, 1)))
                .initializer("bc", m.create(new float[] {0, 0, 1}, new Shape(3)))
                .initializer("wg", m.create(grad, new Shape(6, 3, 2, 2)))
                .initializer("ws", m.create(new float[] {1, 1, 1, -1, -1, -1}, new Shape(1, 6, 1, 1)))
                .node("colour", "Conv", List.of("x", "wc", "bc"), "c", Attributes.empty())
                .node("grad", "Conv", List.of("x", "wg"), "g", Attributes.empty())
                .node("abs", "Abs", List.of("g"), "a", Attributes.empty())
                .node("pool", "AveragePool", List.of("a"), "p", pool)
                .node("stripes", "Conv", List.of("p", "ws"), "s", Attributes.empty())
                .output("s").build();
        return new Model(g, InputSpec.rgb01(size, size), List.of(), "planted", m);
    }
}
