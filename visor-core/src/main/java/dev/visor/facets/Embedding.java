package dev.visor.facets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.optvis.transform.FitToModel;
import dev.visor.optvis.transform.TransformContext;
import java.util.List;
import java.util.Set;

/**
 * Images as feature vectors: a layer's activations, flattened (step 2 of multifaceted FV: the paper
 * embeds with fc7, the penultimate layer). Images of another size are fitted to the model's input
 * first, as the renderer does.
 */
public final class Embedding {
    private static final Set<String> PASS_THROUGH = Set.of("Dropout", "Identity");
    private static final int BATCH = 250;

    private final Model model;
    private final String layer;

    private Embedding(Model model, String layer) {
        this.model = model;
        this.layer = layer;
    }

    /** Embeds at {@code layer}; empty means {@link #penultimate}. A one-line error lists close names when unknown. */
    public static Embedding at(Model model, String layer) {
        String l = layer == null || layer.isEmpty() ? penultimate(model) : layer;
        model.resolve(l);
        return new Embedding(model, l);
    }

    /** The layer before the output, skipping dropout and identity layers (fc7 for CaffeNet's fc8). */
    public static String penultimate(Model model) {
        List<String> names = model.layerNames();
        for (int i = names.size() - 2; i >= 0; i--) {
            Node n = model.producerOf(names.get(i));
            if (n == null || !PASS_THROUGH.contains(n.opType())) {
                return names.get(i);
            }
        }
        throw new VisorException(model.source() + " has no layer before its output to embed with; name one with --embed-layer");
    }

    /** The layer embedded at. */
    public String layer() {
        return layer;
    }

    /** The embeddings of dataset items, one row each. */
    public double[][] ofDataset(Dataset dataset, int[] indices) {
        double[][] out = new double[indices.length][];
        var spec = model.inputSpec();
        for (int s = 0; s < indices.length; s += BATCH) {
            int[] part = java.util.Arrays.copyOfRange(indices, s, Math.min(indices.length, s + BATCH));
            try (NDManager m = model.manager().newSubManager()) {
                double[][] rows = ofImages(dataset.images(m, part, spec.channels(), spec.height(), spec.width()));
                System.arraycopy(rows, 0, out, s, rows.length);
            }
        }
        return out;
    }

    /** The embeddings of an NCHW batch in [0, 1] (any size: fitted to the model's input). */
    public double[][] ofImages(NDArray images01) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = images01.duplicate();
            x.attach(m);
            long[] want = model.graph().inputShape();
            x = new FitToModel((int) want[2], (int) want[3]).apply(x, new TransformContext(new RunRandom(0), 0, 1));
            NDArray a = model.forward(model.inputSpec().toModel(x), layer).get(layer);
            int n = (int) a.getShape().get(0);
            float[] v = a.toFloatArray();
            int d = v.length / n;
            double[][] rows = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    rows[i][j] = v[i * d + j];
                }
            }
            return rows;
        }
    }

    /** Euclidean distance. */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }
}
