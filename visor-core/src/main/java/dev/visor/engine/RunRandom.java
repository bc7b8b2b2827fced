package dev.visor.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The one seeded random source of a run. Every random choice (initial noise, transform offsets,
 * data shuffling, k-means seeds) draws from here, so one seed fixes the whole output.
 * Tensors are filled on the Java side, so results do not depend on libtorch's global generator.
 */
public final class RunRandom {
    private final long seed;
    private final SplittableRandom random;

    /** @param seed the run's seed, recorded in every sidecar */
    public RunRandom(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The seed of a named sub-task of a run (a batch of units, a section of the demo): a SplitMix64 mix of
     * the run's seed and the key, so it depends only on (seed, key), never on which process, shard or
     * order the sub-task ran in, and neighbouring keys give unrelated streams.
     */
    public static long derive(long seed, long key) {
        long z = seed + 0x9E3779B97F4A7C15L * (key + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@link #derive(long, long)} with a text key (its {@link String#hashCode()}, which Java fixes by specification). */
    public static long derive(long seed, String key) {
        return derive(seed, key.hashCode());
    }

    /** The seed this source started from. */
    public long seed() {
        return seed;
    }

    /** An independent child stream (for a sub-task such as one unit of a layer). */
    public RunRandom split() {
        return new RunRandom(random.nextLong());
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform integer in [lo, hi] (both inclusive). */
    public int nextInt(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** A {@link java.util.Random} seeded from this stream, for APIs that need one. */
    public Random asRandom() {
        return new Random(random.nextLong());
    }

    /** Standard normal tensor scaled by {@code std}. */
    public NDArray normal(NDManager manager, Shape shape, float std) {
        Random r = asRandom();
        float[] data = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * std);
        }
        return manager.create(data, shape);
    }

    /** Uniform tensor in [lo, hi). */
    public NDArray uniform(NDManager manager, Shape shape, float lo, float hi) {
        float[] data = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return manager.create(data, shape).toType(DataType.FLOAT32, false);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates, drawing {@code nextInt} from the top down). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
