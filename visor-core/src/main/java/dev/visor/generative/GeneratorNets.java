package dev.visor.generative;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import java.util.List;

/**
 * The generator and discriminator that {@link GeneratorTrainer} trains, as ordinary {@link Graph}s of ONNX nodes
 * (so the trained generator is an ordinary Visor model) with seeded initial weights (He-normal, zero biases).
 *
 * <p>G (input {@code code}, shape (N, code)): {@code fc} Gemm code→64·7·7, Relu, Reshape to 64×7×7;
 * {@code up1} nearest ×2 (Resize) to 14×14, {@code conv1} 3×3 64→32, Relu; {@code up2} ×2 to 28×28,
 * {@code conv2} 3×3 32→16, Relu (no batch norm: tried, it halved the throughput and its running statistics gave a
 * worse test reconstruction after one epoch); {@code conv3} 3×3 16→1 and Sigmoid: output {@code image}, (N, 1, 28, 28) in
 * [0, 1], the classifier's image range before its own normalisation. Resize + convolution instead of a
 * transposed convolution: the same upsampling without checkerboard artefacts, and cheaper here (Visor's
 * ConvTranspose is zero insertion + convolution, 4× the work at stride 2).
 *
 * <p>D (input {@code image}, (N, 1, 28, 28)): {@code conv1} 4×4 stride 2 1→16, LeakyRelu 0.2; {@code conv2} 4×4
 * stride 2 16→32, LeakyRelu 0.2; Flatten; {@code score} Gemm 32·7·7→1 (a logit: real vs generated).
 */
public final class GeneratorNets {
    /** The generator's input tensor name. */
    public static final String CODE = "code";
    /** The generator's output tensor name. */
    public static final String IMAGE = "image";
    /** The discriminator's output tensor name. */
    public static final String SCORE = "score";
    /** Output image side. */
    public static final int SIDE = 28;

    private GeneratorNets() {}

    /** The generator for codes of this length. */
    public static Graph generator(int codeLength, NDManager manager, RunRandom random) {
        Emitter e = new Emitter(new Graph.Builder().name("fashion-generator").input(CODE, -1, codeLength), manager, random);
        e.gemm("fc", CODE, codeLength, 64 * 7 * 7, 2.0);
        e.g.node("relu_fc", "Relu", List.of("fc"), "relu_fc", Attributes.empty());
        e.g.initializer("reshape.shape", manager.create(new long[] {-1, 64, 7, 7}));
        e.g.node("reshape", "Reshape", List.of("relu_fc", "reshape.shape"), "reshape", Attributes.empty());
        e.g.initializer("up.scales", manager.create(new float[] {1, 1, 2, 2}));
        e.up("up1", "reshape");
        e.conv("conv1", "up1", 64, 32, 3, 1, 2.0);
        e.g.node("relu1", "Relu", List.of("conv1"), "relu1", Attributes.empty());
        e.up("up2", "relu1");
        e.conv("conv2", "up2", 32, 16, 3, 1, 2.0);
        e.g.node("relu2", "Relu", List.of("conv2"), "relu2", Attributes.empty());
        e.conv("conv3", "relu2", 16, 1, 3, 1, 1.0);
        e.g.node("sigmoid", "Sigmoid", List.of("conv3"), IMAGE, Attributes.empty());
        return e.g.output(IMAGE).build();
    }

    /** The discriminator of 28×28 grey images. */
    public static Graph discriminator(NDManager manager, RunRandom random) {
        Emitter e = new Emitter(new Graph.Builder().name("fashion-discriminator").input(IMAGE, -1, 1, SIDE, SIDE), manager,
                random);
        e.conv("conv1", IMAGE, 1, 16, 4, 2, 2.0);
        e.g.node("lrelu1", "LeakyRelu", List.of("conv1"), "lrelu1", Attributes.builder().put("alpha", 0.2f).build());
        e.conv("conv2", "lrelu1", 16, 32, 4, 2, 2.0);
        e.g.node("lrelu2", "LeakyRelu", List.of("conv2"), "lrelu2", Attributes.builder().put("alpha", 0.2f).build());
        e.g.node("flatten", "Flatten", List.of("lrelu2"), "flatten", Attributes.builder().put("axis", 1L).build());
        e.gemm(SCORE, "flatten", 32 * 7 * 7, 1, 1.0);
        return e.g.output(SCORE).build();
    }

    /** True for the tensors training changes (weights and biases; not shapes or scales). */
    public static boolean trainable(String initializer) {
        return initializer.endsWith(".weight") || initializer.endsWith(".bias");
    }

    private record Emitter(Graph.Builder g, NDManager manager, RunRandom random) {
        void gemm(String n, String in, int fanIn, int units, double gain) {
            g.initializer(n + ".weight", random.normal(manager, new Shape(units, fanIn), (float) Math.sqrt(gain / fanIn)));
            g.initializer(n + ".bias", manager.zeros(new Shape(units)));
            g.node(n, "Gemm", List.of(in, n + ".weight", n + ".bias"), n, Attributes.builder().put("transB", 1L).build());
        }

        /** k×k convolution with bias; stride 1 keeps the size (pad k/2), stride 2 halves it (k 4, pad 1). */
        void conv(String n, String in, int cin, int cout, int k, int stride, double gain) {
            long fanIn = (long) cin * k * k;
            g.initializer(n + ".weight", random.normal(manager, new Shape(cout, cin, k, k), (float) Math.sqrt(gain / fanIn)));
            g.initializer(n + ".bias", manager.zeros(new Shape(cout)));
            long p = stride == 1 ? k / 2 : 1;
            g.node(n, "Conv", List.of(in, n + ".weight", n + ".bias"), n, Attributes.builder()
                    .put("kernel_shape", (long) k, k).put("pads", p, p, p, p).put("strides", (long) stride, stride).build());
        }

        void up(String n, String in) {
            g.node(n, "Resize", List.of(in, "", "up.scales"), n, Attributes.builder().put("mode", "nearest")
                    .put("coordinate_transformation_mode", "asymmetric").put("nearest_mode", "floor").build());
        }
    }
}
