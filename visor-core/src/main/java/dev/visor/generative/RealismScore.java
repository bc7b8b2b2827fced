package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.engine.RunRandom;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.stats.FrechetDistance;

/**
 * How much a set of generated images looks like real data to an independent judge: the Fréchet distance
 * ({@link FrechetDistance}) between the judge's penultimate features (the input of the layer that makes its
 * output, or any layer by name) of the generated images and of as many real images, drawn without replacement
 * from a pool of real images with the run's seed, with a bootstrap spread. The judge should never have seen
 * generated images ({@code builtin:fashion-cnn-b} for Fashion-MNIST generators).
 */
public final class RealismScore {
    /** The default judge. */
    public static final String DEFAULT_JUDGE = "builtin:fashion-cnn-b";
    /** Default number of bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 50;

    /**
     * A realism score.
     *
     * @param judge     the judge model
     * @param layer     the feature layer
     * @param distance  the Fréchet distance to real images (lower is more realistic)
     * @param spread    its bootstrap standard deviation
     * @param n         images in each set
     * @param resamples bootstrap resamples
     */
    public record Score(String judge, String layer, double distance, double spread, int n, int resamples) {
        /** E.g. {@code FD 12.3 ± 1.4 (n 50)}. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "FD %.2f ± %.2f (n %d, judge %s:%s)", distance, spread, n, judge, layer);
        }
    }

    private final Model judge;
    private final String layer;
    private final double[][] pool;

    /**
     * @param judge  the judge model
     * @param layer  its feature layer; empty: the penultimate one
     * @param real   the pool of real images (NCHW in [0, 1], any size and channels the judge's spec maps)
     */
    public RealismScore(Model judge, String layer, NDArray real) {
        this.judge = judge;
        this.layer = layer == null || layer.isEmpty() ? penultimate(judge) : layer;
        judge.resolve(this.layer);
        this.pool = features(real);
    }

    /** A score against the first {@code poolSize} images of a dataset. */
    public static RealismScore onData(Model judge, String layer, Dataset data, int poolSize) {
        int n = Math.min(poolSize, data.size());
        int[] idx = java.util.stream.IntStream.range(0, n).toArray();
        var spec = judge.inputSpec();
        try (NDManager m = judge.manager().newSubManager()) {
            return new RealismScore(judge, layer, data.images(m, idx, spec.channels(), spec.height(), spec.width()));
        }
    }

    /** The feature layer. */
    public String layer() {
        return layer;
    }

    /** The number of real images to draw from. */
    public int poolSize() {
        return pool.length;
    }

    /** The judge's features of images (rows). */
    public double[][] features(NDArray images01) {
        var spec = judge.inputSpec();
        int n = (int) images01.getShape().get(0);
        double[][] out = new double[n][];
        int batch = 256;
        for (int a = 0; a < n; a += batch) {
            int b = Math.min(n, a + batch);
            try (NDManager m = judge.manager().newSubManager()) {
                NDArray x = images01.get(a + ":" + b).duplicate();
                x.attach(m);
                NDArray f = judge.forward(spec.toModel(fit(judge, x)), ForwardRequest.of(layer)).get(layer);
                float[] v = f.reshape(b - a, -1).toFloatArray();
                int d = v.length / (b - a);
                for (int i = 0; i < b - a; i++) {
                    double[] row = new double[d];
                    for (int j = 0; j < d; j++) {
                        row[j] = v[i * d + j];
                    }
                    out[a + i] = row;
                }
            }
        }
        return out;
    }

    /** Images (NCHW in [0, 1]) at the model's channels and size, clipped to [0, 1]. */
    public static NDArray fit(Model model, NDArray images01) {
        var spec = model.inputSpec();
        NDArray x = images01;
        if (x.getShape().get(1) != spec.channels()) {
            x = spec.channels() == 3 ? x.repeat(1, 3) : x.mean(new int[] {1}, true);
        }
        if (x.getShape().get(2) != spec.height() || x.getShape().get(3) != spec.width()) {
            x = dev.visor.optvis.transform.Warp.resize(x, spec.height(), spec.width());
        }
        return x.clip(0f, 1f);
    }

    /** The score of a set of generated images (NCHW in [0, 1]) against as many real ones. */
    public Score score(NDArray images01, long seed, int resamples) {
        return score(features(images01), seed, resamples);
    }

    /** The score of generated images given as judge features. */
    public Score score(double[][] generated, long seed, int resamples) {
        int n = generated.length;
        if (n < 2) {
            throw new VisorException("a realism score needs at least 2 images, got " + n);
        }
        if (n > pool.length) {
            throw new VisorException("a realism score of " + n + " images needs as many real images; the pool has " + pool.length);
        }
        int[] perm = new RunRandom(RunRandom.derive(seed, "realism-real")).permutation(pool.length);
        double[][] real = new double[n][];
        for (int i = 0; i < n; i++) {
            real[i] = pool[perm[i]];
        }
        FrechetDistance.Estimate e = FrechetDistance.withSpread(generated, real, resamples, RunRandom.derive(seed, "realism-boot"));
        return new Score(judge.source(), layer, e.distance(), e.spread(), n, resamples);
    }

    /** The input of the node that makes the model's first output: the penultimate features of a classifier. */
    public static String penultimate(Model m) {
        String out = m.graph().outputs().get(0);
        for (Node n : m.nodes()) {
            if (n.outputs().contains(out)) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty() && !m.graph().initializers().containsKey(in)) {
                        return in;
                    }
                }
            }
        }
        throw new VisorException("cannot find the penultimate layer of " + m.source() + "; name a feature layer");
    }
}
