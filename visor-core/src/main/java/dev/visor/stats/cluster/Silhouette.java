package dev.visor.stats.cluster;

import dev.visor.VisorException;

/**
 * The silhouette of a clustering (Rousseeuw 1987) and the automatic choice of k by it. For point i
 * in cluster A: a(i) = mean distance to the other points of A, b(i) = min over clusters B ≠ A of the
 * mean distance to B's points, s(i) = (b − a) / max(a, b) (0 when A = {i}); the score is the mean
 * of s(i) over all points, in [−1, 1], higher for compact, well-separated clusters.
 */
public final class Silhouette {
    private Silhouette() {}

    /** The mean silhouette of {@code labels} (k ≥ 2) over the rows of {@code x}. */
    public static double score(double[][] x, int[] labels) {
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        if (k < 2) {
            throw new VisorException("the silhouette needs at least 2 clusters, got " + k);
        }
        int[] size = new int[k];
        for (int l : labels) {
            size[l]++;
        }
        double total = 0;
        double[] sum = new double[k];
        for (int i = 0; i < x.length; i++) {
            java.util.Arrays.fill(sum, 0);
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    sum[labels[j]] += dist(x[i], x[j]);
                }
            }
            int own = labels[i];
            if (size[own] == 1) {
                continue;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / x.length;
    }

    /**
     * k-means++ for each k in [kMin, kMax] (capped at N − 1), keeping the clustering with the highest
     * silhouette (ties: the smaller k).
     */
    public static Clustering bestK(double[][] x, int kMin, int kMax, long seed) {
        int hi = Math.min(kMax, x.length - 1);
        if (kMin < 2 || hi < kMin) {
            throw new VisorException("automatic k needs 2 <= kMin <= kMax < N points; got kMin " + kMin + ", kMax "
                    + kMax + ", N " + x.length);
        }
        Clustering best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = kMin; k <= hi; k++) {
            Clustering c = KMeans.cluster(x, k, dev.visor.engine.RunRandom.derive(seed, k));
            if (c.k() < 2) {
                continue;
            }
            double s = score(x, c.labels());
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
