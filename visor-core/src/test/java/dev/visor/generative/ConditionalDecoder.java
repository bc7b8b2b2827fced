package dev.visor.generative;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.List;

/**
 * A two-input conditional decoder saved as ONNX: image = sigmoid(z·Wz + label·Wl + b) reshaped to (N, 1, 28, 28),
 * with a latent input {@code z} (N, 8) and a one-hot input {@code label} (N, 10); random weights.
 */
final class ConditionalDecoder {
    static final int LATENT = 8;

    private ConditionalDecoder() {}

    /** Writes the decoder to {@code dir/decoder.onnx}; {@code outShape} replaces the image shape (bad generators). */
    static Path write(Path dir, long seed, long... outShape) {
        long[] shape = outShape.length == 0 ? new long[] {-1, 1, 28, 28} : outShape;
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(seed);
        Attributes transB = Attributes.empty();
        Graph g = new Graph.Builder().name("decoder").input("z", -1, LATENT)
                .initializer("label", m.zeros(new Shape(1, 10))).extraInput("label")
                .initializer("wz", r.normal(m, new Shape(LATENT, 784), 0.8f))
                .initializer("wl", r.normal(m, new Shape(10, 784), 0.8f))
                .initializer("b", r.normal(m, new Shape(784), 0.1f))
                .initializer("shape", m.create(shape))
                .node("fz", "Gemm", List.of("z", "wz", "b"), "a", transB)
                .node("fl", "Gemm", List.of("label", "wl"), "c", transB)
                .node("sum", "Add", List.of("a", "c"), "s", Attributes.empty())
                .node("squash", "Sigmoid", List.of("s"), "y", Attributes.empty())
                .node("image", "Reshape", List.of("y", "shape"), "image", Attributes.empty())
                .output("image").build();
        Path file = dir.resolve("decoder.onnx");
        try (Model model = new Model(g, InputSpec.vector(LATENT), List.of(), "decoder", m)) {
            OnnxExporter.write(model, file);
        }
        return file;
    }
}
