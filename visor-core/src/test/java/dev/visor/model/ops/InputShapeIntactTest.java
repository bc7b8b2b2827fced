package dev.visor.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Ops that change one axis (nearest Resize, negative-step Slice, Gather, edge/reflect Pad, strided
 * ConvTranspose) must not write into their input's shape array (DJL hands out the tensor's own array, see
 * {@code engine/ShapeAliasingTest}). Each graph is conv (3→4 channels, 3×3, pad 1, 6×6 input, so a 1×4×6×6
 * activation) followed by one such op; one pass asks for both layers, and each activation's reported shape
 * must be its true shape: the dims worked out by hand below, with as many elements as its data holds.
 */
class InputShapeIntactTest {
    private static final Shape CONV = new Shape(1, 4, 6, 6);

    /** Builds conv → op, runs one pass for both layers and checks both shapes. */
    private static void check(String opType, Attributes attrs, BiConsumer<Graph.Builder, NDManager> extra, List<String> extraInputs,
                              Shape expected) {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(7);
        Graph.Builder g = new Graph.Builder().name("tiny").input("x", -1, 3, 6, 6)
                .initializer("w", r.normal(m, new Shape(4, 3, 3, 3), 0.5f))
                .node("conv", "Conv", List.of("x", "w"), "c", Attributes.builder().put("pads", 1L, 1, 1, 1).build());
        extra.accept(g, m);
        List<String> ins = new ArrayList<>();
        ins.add("c");
        ins.addAll(extraInputs);
        g.node("op", opType, ins, "y", attrs).output("y");
        try (Model model = new Model(g.build(), InputSpec.rgb01(6, 6), List.of(), "tiny", m);
             NDManager step = Engines.newManager()) {
            NDArray x = new RunRandom(8).uniform(step, new Shape(1, 3, 6, 6), 0, 1);
            Activations a = model.forward(x, ForwardRequest.of(List.of("conv", "op")));
            NDArray conv = a.get("conv");
            NDArray y = a.get("op");
            assertThat(conv.getShape()).as("conv's shape after " + opType).isEqualTo(CONV);
            assertThat(conv.getShape().size()).isEqualTo(conv.toFloatArray().length);
            assertThat(y.getShape()).as(opType + "'s shape").isEqualTo(expected);
            assertThat(y.getShape().size()).isEqualTo(y.toFloatArray().length);
        }
    }

    @Test
    void nearestResizeLeavesItsInputsShape() {
        check("Resize", Attributes.builder().put("mode", "nearest").build(),
                (g, m) -> g.initializer("scales", m.create(new float[] {1, 1, 2, 2})), List.of("", "scales"),
                new Shape(1, 4, 12, 12));
    }

    @Test
    void negativeStepSliceLeavesItsInputsShape() {
        // rows 4 and 2 (start 4, end 0 exclusive, step −2)
        check("Slice", Attributes.empty(), (g, m) -> {
            g.initializer("starts", m.create(new long[] {4}));
            g.initializer("ends", m.create(new long[] {0}));
            g.initializer("axes", m.create(new long[] {2}));
            g.initializer("steps", m.create(new long[] {-2}));
        }, List.of("starts", "ends", "axes", "steps"), new Shape(1, 4, 2, 6));
    }

    @Test
    void gatherLeavesItsInputsShape() {
        check("Gather", Attributes.builder().put("axis", 3L).build(),
                (g, m) -> g.initializer("idx", m.create(new long[] {0, 2, 5})), List.of("idx"), new Shape(1, 4, 6, 3));
    }

    @Test
    void edgePadLeavesItsInputsShape() {
        // begin (0, 0, 1, 2), end (0, 0, 3, 0): height 6 + 1 + 3, width 6 + 2
        check("Pad", Attributes.builder().put("mode", "edge").build(),
                (g, m) -> g.initializer("pads", m.create(new long[] {0, 0, 1, 2, 0, 0, 3, 0})), List.of("pads"),
                new Shape(1, 4, 10, 8));
    }

    @Test
    void reflectPadLeavesItsInputsShape() {
        check("Pad", Attributes.builder().put("mode", "reflect").build(),
                (g, m) -> g.initializer("pads", m.create(new long[] {0, 0, 2, 1, 0, 0, 0, 3})), List.of("pads"),
                new Shape(1, 4, 8, 10));
    }

    @Test
    void stridedConvTransposeLeavesItsInputsShape() {
        // (6 − 1)·2 + 2 = 12 per spatial axis, 2 output channels
        check("ConvTranspose", Attributes.builder().put("strides", 2L, 2).build(),
                (g, m) -> g.initializer("wt", new RunRandom(9).normal(m, new Shape(4, 2, 2, 2), 0.5f)), List.of("wt"),
                new Shape(1, 2, 12, 12));
    }
}
