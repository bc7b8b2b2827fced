package dev.visor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;

/**
 * The codes h of a data set at one vector layer of a classifier (inference mode), held as a flat
 * float array: what a prior on h is trained on.
 *
 * @param values codes row by row, {@code size × dim}
 * @param size   number of codes
 * @param dim    code length
 */
public record CodeSet(float[] values, int size, int dim) {
    /** Runs {@code classifier} on the first {@code limit} images of {@code data} (0: all) up to {@code layer}. */
    public static CodeSet of(Model classifier, String layer, Dataset data, int limit) {
        String tensor = classifier.resolve(layer);
        int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
        Dataset d = n < data.size() ? data.head(n) : data;
        float[] values = null;
        int dim = -1;
        int row = 0;
        try (NDManager m = classifier.manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(d, classifier.inputSpec(), 500, m)) {
                try (b) {
                    NDArray h = classifier.forward(b.input(), ForwardRequest.of(tensor)).get(tensor);
                    long[] s = h.getShape().getShape();
                    if (s.length != 2) {
                        throw new VisorException("code layer '" + layer + "' of " + classifier.source() + " has shape "
                                + h.getShape() + "; a code must be a vector layer (N, D) such as a fully connected layer");
                    }
                    if (values == null) {
                        dim = (int) s[1];
                        values = new float[Math.multiplyExact(n, dim)];
                    }
                    System.arraycopy(h.toFloatArray(), 0, values, row * dim, b.size() * dim);
                    row += b.size();
                }
            }
        }
        return new CodeSet(values, n, dim);
    }

    /** The rows {@code idx} as an (idx.length, dim) array. */
    public NDArray rows(NDManager m, int[] idx) {
        float[] out = new float[idx.length * dim];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(values, idx[i] * dim, out, i * dim, dim);
        }
        return m.create(out, new Shape(idx.length, dim));
    }

    /** Standard deviation over all values. */
    public double std() {
        double s = 0;
        double s2 = 0;
        for (float v : values) {
            s += v;
            s2 += (double) v * v;
        }
        double mean = s / values.length;
        return Math.sqrt(Math.max(0, s2 / values.length - mean * mean));
    }

    /** Per-unit maximum. */
    public float[] max() {
        float[] mx = new float[dim];
        java.util.Arrays.fill(mx, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < dim; j++) {
                mx[j] = Math.max(mx[j], values[i * dim + j]);
            }
        }
        return mx;
    }
}
