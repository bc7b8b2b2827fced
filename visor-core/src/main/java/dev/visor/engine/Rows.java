package dev.visor.engine;

import ai.djl.ndarray.NDArray;

/** Small conversions between a batch tensor and its rows as Java arrays, for results that leave the engine. */
public final class Rows {
    private Rows() {}

    /** The rows of {@code a} (batch first), each flattened. */
    public static float[][] of(NDArray a) {
        int n = (int) a.getShape().get(0);
        float[] v = a.toFloatArray();
        int d = n == 0 ? 0 : v.length / n;
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(v, i * d, out[i], 0, d);
        }
        return out;
    }

    /** The index of the largest value (the first of ties). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
