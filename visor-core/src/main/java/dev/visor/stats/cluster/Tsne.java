package dev.visor.stats.cluster;

import dev.visor.VisorException;
import java.util.Arrays;
import java.util.Random;

/**
 * t-distributed stochastic neighbour embedding to 2-D (van der Maaten &amp; Hinton 2008), exact for up
 * to {@link #exactUpTo()} points and Barnes–Hut above (van der Maaten 2014). Written for Visor: no
 * well-kept, permissively licensed Java t-SNE is on Maven Central (smile's is GPL; the
 * {@code T-SNE-Java} port is not published there), so this is our own, single-threaded and
 * deterministic: the same input and seed give the same embedding bit for bit.
 *
 * <p>Input similarities: p_{j|i} = exp(−β_i‖x_i − x_j‖²) / Σ_{k≠i} exp(−β_i‖x_i − x_k‖²), with β_i
 * found by bisection so that the entropy H(P_i) = log(perplexity); p_ij = (p_{j|i} + p_{i|j}) / 2N
 * (Barnes–Hut: only over the ⌊3·perplexity⌋ nearest neighbours). Output similarities (Student t, one
 * degree of freedom): q_ij = (1 + ‖y_i − y_j‖²)⁻¹ / Σ_{k≠l} (1 + ‖y_k − y_l‖²)⁻¹. Gradient of KL(P‖Q):
 * ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j). Optimisation as in the paper's code:
 * y ~ N(0, 10⁻⁴), learning rate 200, momentum 0.5 then 0.8 after 250 iterations, early exaggeration 12
 * for the first 250 iterations, per-coordinate gains (+0.2 / ×0.8, at least 0.01). Barnes–Hut
 * approximates the repulsive part through a quadtree, using a cell's centre of mass when its
 * width / distance &lt; θ (0.5).
 */
public final class Tsne {
    private static final int EXAGGERATION_ITERS = 250;
    private static final double EXAGGERATION = 12;

    private final double perplexity;
    private final int iterations;
    private final double learningRate;
    private final double theta;
    private final int exactUpTo;
    private final long seed;

    private Tsne(double perplexity, int iterations, double learningRate, double theta, int exactUpTo, long seed) {
        this.perplexity = perplexity;
        this.iterations = iterations;
        this.learningRate = learningRate;
        this.theta = theta;
        this.exactUpTo = exactUpTo;
        this.seed = seed;
    }

    /** The published defaults: perplexity 30, 1000 iterations, learning rate 200, θ 0.5, exact up to 2000 points, seed 0. */
    public static Tsne defaults() {
        return new Tsne(30, 1000, 200, 0.5, 2000, 0);
    }

    /** With another perplexity (the effective number of neighbours; capped at (N − 1) / 3 when embedding). */
    public Tsne perplexity(double v) {
        if (!(v > 1)) {
            throw new VisorException("t-SNE perplexity must be above 1, got " + v);
        }
        return new Tsne(v, iterations, learningRate, theta, exactUpTo, seed);
    }

    /** With another number of gradient iterations (at least 1). */
    public Tsne iterations(int v) {
        if (v < 1) {
            throw new VisorException("t-SNE iterations must be at least 1, got " + v);
        }
        return new Tsne(perplexity, v, learningRate, theta, exactUpTo, seed);
    }

    /** With another learning rate. */
    public Tsne learningRate(double v) {
        if (!(v > 0)) {
            throw new VisorException("t-SNE learning rate must be positive, got " + v);
        }
        return new Tsne(perplexity, iterations, v, theta, exactUpTo, seed);
    }

    /** With another Barnes–Hut accuracy θ (0 &lt; θ; smaller is more exact). */
    public Tsne theta(double v) {
        if (!(v > 0)) {
            throw new VisorException("t-SNE theta must be positive, got " + v);
        }
        return new Tsne(perplexity, iterations, learningRate, v, exactUpTo, seed);
    }

    /** Exact gradients for at most this many points, Barnes–Hut above. */
    public Tsne exactUpTo(int v) {
        return new Tsne(perplexity, iterations, learningRate, theta, v, seed);
    }

    /** With another seed (the initial embedding). */
    public Tsne seed(long v) {
        return new Tsne(perplexity, iterations, learningRate, theta, exactUpTo, v);
    }

    /** Points embedded exactly at most. */
    public int exactUpTo() {
        return exactUpTo;
    }

    /** The settings, for sidecars. */
    public java.util.Map<String, Object> describe() {
        return java.util.Map.of("perplexity", perplexity, "iterations", iterations, "learningRate", learningRate,
                "theta", theta, "exactUpTo", exactUpTo, "seed", seed);
    }

    /** Embeds the rows of {@code x} in 2-D (N × 2). */
    public double[][] embed(double[][] x) {
        int n = x.length;
        if (n < 4) {
            throw new VisorException("t-SNE needs at least 4 points, got " + n);
        }
        double perp = Math.min(perplexity, (n - 1) / 3.0);
        Affinities p = n <= exactUpTo ? exactAffinities(x, perp) : sparseAffinities(x, perp);
        Random r = new Random(seed);
        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextGaussian() * 1e-2;
        }
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        Arrays.fill(gains, 1);
        double[] grad = new double[2 * n];
        for (int it = 0; it < iterations; it++) {
            double exaggeration = it < EXAGGERATION_ITERS ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATION_ITERS ? 0.5 : 0.8;
            if (n <= exactUpTo) {
                exactGradient(p, y, exaggeration, grad);
            } else {
                barnesHutGradient(p, y, exaggeration, grad);
            }
            for (int i = 0; i < y.length; i++) {
                boolean sameSign = Math.signum(grad[i]) == Math.signum(update[i]);
                gains[i] = Math.max(0.01, sameSign ? gains[i] * 0.8 : gains[i] + 0.2);
                update[i] = momentum * update[i] - learningRate * gains[i] * grad[i];
                y[i] += update[i];
            }
            centre(y);
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = y[2 * i];
            out[i][1] = y[2 * i + 1];
        }
        return out;
    }

    /** Symmetric input affinities in compressed rows: row i's neighbours {@code col[start[i]..start[i+1])}. */
    record Affinities(int n, int[] start, int[] col, double[] val) {}

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s;
    }

    /** Bisection on β so that the entropy of the conditional distribution over {@code d2} equals log(perp). */
    static double[] conditional(double[] d2, double perp) {
        double target = Math.log(perp);
        double beta = 1;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : d2) {
            min = Math.min(min, v);
        }
        double[] p = new double[d2.length];
        for (int iter = 0; iter < 200; iter++) {
            double sum = 0;
            double dot = 0;
            for (int j = 0; j < d2.length; j++) {
                p[j] = Math.exp(-beta * (d2[j] - min));
                sum += p[j];
                dot += p[j] * (d2[j] - min);
            }
            double h = Math.log(sum) + beta * dot / sum;
            if (Math.abs(h - target) < 1e-5) {
                break;
            }
            if (h > target) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (int j = 0; j < d2.length; j++) {
            p[j] = Math.exp(-beta * (d2[j] - min));
            sum += p[j];
        }
        for (int j = 0; j < d2.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    static Affinities exactAffinities(double[][] x, double perp) {
        int n = x.length;
        double[][] cond = new double[n][n];
        double[] d2 = new double[n - 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    d2[k++] = sq(x[i], x[j]);
                }
            }
            double[] p = conditional(d2, perp);
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    cond[i][j] = p[k++];
                }
            }
        }
        int[] start = new int[n + 1];
        int[] col = new int[n * (n - 1)];
        double[] val = new double[n * (n - 1)];
        int e = 0;
        for (int i = 0; i < n; i++) {
            start[i] = e;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    col[e] = j;
                    val[e] = Math.max((cond[i][j] + cond[j][i]) / (2.0 * n), 1e-12);
                    e++;
                }
            }
        }
        start[n] = e;
        return new Affinities(n, start, col, val);
    }

    static Affinities sparseAffinities(double[][] x, double perp) {
        int n = x.length;
        int k = Math.min(n - 1, (int) (3 * perp));
        int[][] nbr = new int[n][k];
        double[][] cond = new double[n][];
        Integer[] order = new Integer[n];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                order[j] = j;
                dist[j] = j == i ? Double.POSITIVE_INFINITY : sq(x[i], x[j]);
            }
            Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
            double[] d2 = new double[k];
            for (int m = 0; m < k; m++) {
                nbr[i][m] = order[m];
                d2[m] = dist[order[m]];
            }
            cond[i] = conditional(d2, perp);
        }
        java.util.List<java.util.TreeMap<Integer, Double>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new java.util.TreeMap<>());
        }
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < k; m++) {
                int j = nbr[i][m];
                double v = cond[i][m] / (2.0 * n);
                rows.get(i).merge(j, v, Double::sum);
                rows.get(j).merge(i, v, Double::sum);
            }
        }
        int total = rows.stream().mapToInt(java.util.Map::size).sum();
        int[] start = new int[n + 1];
        int[] col = new int[total];
        double[] val = new double[total];
        int e = 0;
        for (int i = 0; i < n; i++) {
            start[i] = e;
            for (var en : rows.get(i).entrySet()) {
                col[e] = en.getKey();
                val[e] = en.getValue();
                e++;
            }
        }
        start[n] = e;
        return new Affinities(n, start, col, val);
    }

    private static void exactGradient(Affinities p, double[] y, double exaggeration, double[] grad) {
        int n = p.n();
        double[] num = new double[n * n];
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                num[i * n + j] = q;
                num[j * n + i] = q;
                z += 2 * q;
            }
        }
        Arrays.fill(grad, 0);
        for (int i = 0; i < n; i++) {
            int e = p.start()[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double pij = p.col()[e] == j ? p.val()[e++] * exaggeration : 0;
                double q = num[i * n + j];
                double m = (pij - q / z) * q;
                grad[2 * i] += 4 * m * (y[2 * i] - y[2 * j]);
                grad[2 * i + 1] += 4 * m * (y[2 * i + 1] - y[2 * j + 1]);
            }
        }
    }

    private void barnesHutGradient(Affinities p, double[] y, double exaggeration, double[] grad) {
        int n = p.n();
        QuadTree tree = QuadTree.of(y);
        double[] rep = new double[2 * n];
        double z = 0;
        double[] acc = new double[3];
        for (int i = 0; i < n; i++) {
            acc[0] = 0;
            acc[1] = 0;
            acc[2] = 0;
            tree.repulsion(i, y[2 * i], y[2 * i + 1], theta, acc);
            z += acc[0];
            rep[2 * i] = acc[1];
            rep[2 * i + 1] = acc[2];
        }
        for (int i = 0; i < n; i++) {
            double ax = 0;
            double ay = 0;
            for (int e = p.start()[i]; e < p.start()[i + 1]; e++) {
                int j = p.col()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                ax += p.val()[e] * exaggeration * q * dx;
                ay += p.val()[e] * exaggeration * q * dy;
            }
            grad[2 * i] = 4 * (ax - rep[2 * i] / z);
            grad[2 * i + 1] = 4 * (ay - rep[2 * i + 1] / z);
        }
    }

    private static void centre(double[] y) {
        int n = y.length / 2;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= n;
        my /= n;
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
    }
}
