package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;

/**
 * The range of a code layer over real data: per code unit the largest, mean and standard deviation of E(x) over
 * the first {@code images} images of a dataset (one pass, no gradients). DGN-AM clips h to [0, 3·max] and starts
 * random codes from these moments.
 *
 * @param layer  the encoder's code layer
 * @param data   the dataset it was measured on
 * @param images images measured
 * @param max    per unit, the largest value seen
 * @param mean   per unit, the mean
 * @param std    per unit, the standard deviation
 */
public record CodeRange(String layer, String data, int images, float[] max, float[] mean, float[] std) {
    /** Measures the code layer {@code layer} of {@code encoder} on the first {@code n} images of {@code data}. */
    public static CodeRange measure(Model encoder, String layer, Dataset data, int n) {
        encoder.resolve(layer);
        int count = Math.min(n, data.size());
        if (count < 2) {
            throw new VisorException("measuring the code range needs at least 2 images; " + data.name() + " has " + data.size());
        }
        var spec = encoder.inputSpec();
        double[] sum = null;
        double[] sq = null;
        float[] max = null;
        int batch = 250;
        for (int a = 0; a < count; a += batch) {
            int b = Math.min(count, a + batch);
            int[] idx = java.util.stream.IntStream.range(a, b).toArray();
            try (NDManager m = encoder.manager().newSubManager()) {
                NDArray x = data.images(m, idx, spec.channels(), spec.height(), spec.width());
                float[] v = encode(encoder, layer, x).toFloatArray();
                int d = v.length / (b - a);
                if (sum == null) {
                    sum = new double[d];
                    sq = new double[d];
                    max = new float[d];
                    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
                }
                for (int i = 0; i < b - a; i++) {
                    for (int j = 0; j < d; j++) {
                        float f = v[i * d + j];
                        sum[j] += f;
                        sq[j] += (double) f * f;
                        max[j] = Math.max(max[j], f);
                    }
                }
            }
        }
        float[] mean = new float[sum.length];
        float[] std = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            double mu = sum[j] / count;
            mean[j] = (float) mu;
            std[j] = (float) Math.sqrt(Math.max(0, sq[j] / count - mu * mu));
        }
        return new CodeRange(layer, data.name(), count, max, mean, std);
    }

    /** E(x): the code layer's activations of images (NCHW in [0, 1]), flattened per item, in the images' manager. */
    public static NDArray encode(Model encoder, String layer, NDArray images01) {
        NDArray f = encoder.forward(encoder.inputSpec().toModel(images01), ForwardRequest.of(layer)).get(layer);
        return f.reshape(f.getShape().get(0), -1);
    }

    /** The code size. */
    public int size() {
        return max.length;
    }

    /** {@code factor} × each unit's largest value (at least a small positive bound, so dead units stay at 0). */
    public float[] upper(double factor) {
        float[] u = new float[max.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = (float) (factor * Math.max(0f, max[j]));
        }
        return u;
    }

    /** The largest value over all units. */
    public float overallMax() {
        float m = 0;
        for (float v : max) {
            m = Math.max(m, v);
        }
        return m;
    }
}
