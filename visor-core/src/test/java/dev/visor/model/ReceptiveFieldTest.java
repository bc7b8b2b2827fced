package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.optvis.TestPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receptive fields from the graph: hand-derived answers, and the support of autograd's input gradient. */
class ReceptiveFieldTest {
    private static Attributes conv(long... pads) {
        return Attributes.builder().put("pads", pads).build();
    }

    /**
     * x (16×16) → conv1 3×3 pad 1 → conv2 3×3 pad 1 → pool 2×2 stride 2 → two branches → Add → pool 3×3
     * stride 2 SAME_LOWER → global average pool. Hand derivation per axis (J jump, S start, R size):
     * <pre>
     * input              J=1 S=0  R=1
     * conv1 k3 p1        J=1 S=0-1=-1        R=1+2=3
     * conv2 k3 p1        J=1 S=-1-1=-2       R=3+2=5
     * pool  k2 s2 p0     J=2 S=-2            R=5+1=6
     * branch a k3 pads (2 | 0): S=-2-2·2=-6  R=6+2·2=10    unit x sees [-6+2x, 4+2x)
     * branch b k5 pads (0 | 4): S=-2         R=6+4·2=14    unit x sees [-2+2x, 12+2x)
     * add = union        J=2 S=-6            R=12-(-6)=18
     * pool k3 s2 SAME_LOWER on length 8: out 4, total pad (4-1)·2+3-8=1, begin (lower) 1
     *                    J=4 S=-6-1·2=-8     R=18+2·2=22
     * </pre>
     */
    @Test
    void handBuiltGraphHasHandDerivedFields() {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(1);
        Graph g = new Graph.Builder().name("rf").input("x", -1, 1, 16, 16)
                .initializer("w1", r.normal(m, new Shape(2, 1, 3, 3), 0.5f))
                .initializer("w2", r.normal(m, new Shape(2, 2, 3, 3), 0.5f))
                .initializer("wa", r.normal(m, new Shape(2, 2, 3, 3), 0.5f))
                .initializer("wb", r.normal(m, new Shape(2, 2, 5, 5), 0.5f))
                .node("conv1", "Conv", List.of("x", "w1"), "c1", conv(1, 1, 1, 1))
                .node("relu1", "Relu", List.of("c1"), "r1", Attributes.empty())
                .node("conv2", "Conv", List.of("r1", "w2"), "c2", conv(1, 1, 1, 1))
                .node("pool", "MaxPool", List.of("c2"), "p",
                        Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build())
                .node("a", "Conv", List.of("p", "wa"), "ya", conv(2, 2, 0, 0))
                .node("b", "Conv", List.of("p", "wb"), "yb", conv(0, 0, 4, 4))
                .node("add", "Add", List.of("ya", "yb"), "s", Attributes.empty())
                .node("pool2", "MaxPool", List.of("s"), "q", Attributes.builder().put("kernel_shape", 3L, 3)
                        .put("strides", 2L, 2).put("auto_pad", "SAME_LOWER").build())
                .node("gap", "GlobalAveragePool", List.of("q"), "g", Attributes.empty())
                .output("g").build();
        try (Model model = new Model(g, InputSpec.grey01(16, 16), List.of(), "rf", m)) {
            assertThat(ReceptiveField.of(model, "x").box(5, 7)).isEqualTo(new InputBox(5, 7, 6, 8));
            assertThat(ReceptiveField.of(model, "conv1").box(0, 4)).isEqualTo(new InputBox(-1, 3, 2, 6));
            assertThat(ReceptiveField.of(model, "relu1").box(0, 4)).isEqualTo(new InputBox(-1, 3, 2, 6));
            assertThat(ReceptiveField.of(model, "conv2").box(3, 3)).isEqualTo(new InputBox(1, 1, 6, 6));
            ReceptiveField pool = ReceptiveField.of(model, "pool");
            assertThat(pool.box(3, 1)).isEqualTo(new InputBox(4, 0, 10, 6));
            assertThat(pool.jumpX()).isEqualTo(2);
            assertThat(ReceptiveField.of(model, "a").box(1, 1)).isEqualTo(new InputBox(-4, -4, 6, 6));
            assertThat(ReceptiveField.of(model, "b").box(1, 1)).isEqualTo(new InputBox(0, 0, 14, 14));
            ReceptiveField add = ReceptiveField.of(model, "add");
            assertThat(add.box(1, 1)).isEqualTo(new InputBox(-4, -4, 14, 14));
            assertThat(add.sizeX()).isEqualTo(18);
            ReceptiveField q = ReceptiveField.of(model, "q");
            assertThat(q.startX()).isEqualTo(-8);
            assertThat(q.jumpY()).isEqualTo(4);
            assertThat(q.box(2, 0)).isEqualTo(new InputBox(0, -8, 22, 14));
            assertThat(q.box(2, 0).clip(16, 16)).isEqualTo(new InputBox(0, 0, 16, 14));
            assertThat(ReceptiveField.of(model, "gap").box(0, 0)).isEqualTo(new InputBox(0, 0, 16, 16));
            assertThat(ReceptiveField.of(model, "gap").wholeInput()).isTrue();
            assertThat(model.forward(m.zeros(new Shape(1, 1, 16, 16)), "q").get("q").getShape())
                    .isEqualTo(new Shape(1, 2, 4, 4));
            assertThatThrownBy(() -> ReceptiveField.of(model, "nope")).isInstanceOf(VisorException.class)
                    .hasMessageContaining("unknown layer 'nope'");
        }
    }

    /**
     * Upsample by 2 (nearest, asymmetric: output y reads input floor(y/2)) after a stride-2 pool, then Pad.
     * pool k2 s2: J=2 S=0 R=2; upsample: J=2/2=1, S=0+(0-1)·2=-2, R=2+2·2=6 (the documented conservative
     * margin of one input unit each side); Pad begin 3: S=-2-3·1=-5.
     */
    @Test
    void resizeAndPadFollowTheDocumentedMaps() {
        NDManager m = Engines.newManager();
        Graph g = new Graph.Builder().name("up").input("x", -1, 1, 8, 8)
                .initializer("scales", m.create(new float[] {1, 1, 2, 2}))
                .initializer("pads", m.create(new long[] {0, 0, 3, 3, 0, 0, 1, 1}))
                .node("pool", "MaxPool", List.of("x"), "p",
                        Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build())
                .node("up", "Upsample", List.of("p", "scales"), "u", Attributes.empty())
                .node("pad", "Pad", List.of("u", "pads"), "y", Attributes.empty())
                .output("y").build();
        try (Model model = new Model(g, InputSpec.grey01(8, 8), List.of(), "up", m)) {
            ReceptiveField up = ReceptiveField.of(model, "up");
            assertThat(up.jumpX()).isEqualTo(1);
            // unit 5 reads pooled unit 2, which sees input [4, 6); the box is [5-2, 5-2+6).
            assertThat(up.box(5, 5)).isEqualTo(new InputBox(3, 3, 9, 9));
            assertThat(ReceptiveField.of(model, "pad").box(5, 5)).isEqualTo(new InputBox(0, 0, 6, 6));
        }
    }

    /**
     * darknet-tiny: for the centre unit of an early, a middle and a late layer, the box contains every input
     * pixel where autograd's gradient of that unit is non-zero, and is at most one cumulative jump larger on
     * each side (after clipping to the image).
     */
    @Test
    void darknetBoxesBoundTheGradientSupport() {
        try (Model model = ModelLoader.load(TestPaths.darknetTiny().toString()); NDManager m = Engines.newManager()) {
            var spec = model.inputSpec();
            NDArray image = spec.toModel(Images.toTensor(m, Images.read(TestPaths.shared().resolve("images/chelsea.png")),
                    spec.channels(), spec.height(), spec.width()));
            for (String layer : List.of("leaky_re_lu_2", "leaky_re_lu_8", "leaky_re_lu_14")) {
                ReceptiveField rf = ReceptiveField.of(model, layer);
                InputBox support = null;
                InputBox box = null;
                for (int c = 0; support == null; c++) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray leaf = image.duplicate();
                        leaf.attach(step);
                        leaf.setRequiresGradient(true);
                        NDArray grad;
                        long[] shape;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            Activations a = model.forward(leaf, ForwardRequest.of(layer));
                            NDArray act = a.get(layer);
                            shape = act.getShape().getShape();
                            int y = (int) shape[2] / 2;
                            int x = (int) shape[3] / 2;
                            box = rf.box(x, y);
                            a.backward(act.get(new NDIndex("0, {}, {}, {}", c, y, x)));
                            grad = leaf.getGradient().abs().sum(new int[] {0, 1});
                        }
                        support = support(grad.toFloatArray(), spec.width(), spec.height());
                    }
                }
                InputBox clipped = box.clip(spec.width(), spec.height());
                double j = rf.jumpX();
                System.out.printf("%s: %s, centre box %s (clipped %s), non-zero gradient %s%n", layer, rf, box, clipped, support);
                assertThat(clipped.x0()).isLessThanOrEqualTo(support.x0()).isGreaterThanOrEqualTo((int) (support.x0() - j));
                assertThat(clipped.y0()).isLessThanOrEqualTo(support.y0()).isGreaterThanOrEqualTo((int) (support.y0() - j));
                assertThat(clipped.x1()).isGreaterThanOrEqualTo(support.x1()).isLessThanOrEqualTo((int) (support.x1() + j));
                assertThat(clipped.y1()).isGreaterThanOrEqualTo(support.y1()).isLessThanOrEqualTo((int) (support.y1() + j));
            }
        }
    }

    /** The bounding box of the non-zero entries of an h×w map, or null when all are zero. */
    private static InputBox support(float[] g, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = 0;
        int y1 = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (g[y * w + x] != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        return x1 == 0 ? null : new InputBox(x0, y0, x1, y1);
    }
}
