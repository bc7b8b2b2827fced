package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.data.Dataset;
import dev.visor.engine.Engines;
import dev.visor.generative.LatentGenerator;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.train.CodeSet;
import java.util.List;
import java.util.Map;
import org.ejml.simple.SimpleMatrix;

/**
 * A generator for tests, built in the test: the ridge regression from the codes h (relu_fc1 of a classifier) of
 * real images to the images, G(h) = h·W + b reshaped to (N, 1, 28, 28). Linear, so its images are blurry averages,
 * but they are images the classifier reads and G is differentiable.
 */
final class RidgeGenerator {
    private RidgeGenerator() {}

    static LatentGenerator fit(Model classifier, Dataset data, int n) {
        CodeSet codes = CodeSet.of(classifier, "relu_fc1", data, n);
        int d = codes.dim();
        int px = 784;
        SimpleMatrix x = new SimpleMatrix(codes.size(), d + 1);
        SimpleMatrix y = new SimpleMatrix(codes.size(), px);
        try (NDManager m = Engines.newManager()) {
            int[] idx = java.util.stream.IntStream.range(0, codes.size()).toArray();
            float[] img = data.images(m, idx, 1, 28, 28).toFloatArray();
            for (int i = 0; i < codes.size(); i++) {
                for (int j = 0; j < d; j++) {
                    x.set(i, j, codes.values()[i * d + j]);
                }
                x.set(i, d, 1);
                for (int k = 0; k < px; k++) {
                    y.set(i, k, img[i * px + k]);
                }
            }
        }
        SimpleMatrix xtx = x.transpose().mult(x).plus(SimpleMatrix.identity(d + 1).scale(1.0));
        SimpleMatrix w = xtx.solve(x.transpose().mult(y));
        float[] wf = new float[d * px];
        float[] bf = new float[px];
        for (int k = 0; k < px; k++) {
            for (int j = 0; j < d; j++) {
                wf[j * px + k] = (float) w.get(j, k);
            }
            bf[k] = (float) w.get(d, k);
        }
        NDManager gm = Engines.newManager();
        Graph g = new Graph.Builder().name("ridge-g").input("code", -1, d)
                .initializer("w", gm.create(wf, new Shape(d, px)))
                .initializer("b", gm.create(bf, new Shape(px)))
                .initializer("shape", gm.create(new long[] {-1, 1, 28, 28}))
                .node("fc", "Gemm", List.of("code", "w", "b"), "y", Attributes.empty())
                .node("image", "Reshape", List.of("y", "shape"), "image", Attributes.empty())
                .output("image").build();
        Model model = new Model(g, InputSpec.vector(d), List.of(), "ridge-g", gm);
        return new LatentGenerator(model, "", Map.of(), 0f, 1f, classifier.inputSpec());
    }

    /** The images of codes, for checks. */
    static NDArray images(LatentGenerator g, NDArray h) {
        return g.images(h);
    }
}
