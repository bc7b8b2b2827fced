package dev.visor.stats.cluster;

import java.util.Random;

/** Planted data for the clustering tests: well-separated isotropic Gaussian clusters. */
final class Planted {
    final double[][] x;
    final int[] truth;

    private Planted(double[][] x, int[] truth) {
        this.x = x;
        this.truth = truth;
    }

    /**
     * {@code k} clusters of {@code per} points in {@code dims} dimensions, points N(centre, 1); the centres are
     * {@code spread} times the unit axes when dims ≥ k (pairwise √2·spread apart), else evenly on a circle of radius
     * {@code spread} in the first two dimensions.
     */
    static Planted gaussians(int k, int per, int dims, double spread, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[k][dims];
        for (int c = 0; c < k; c++) {
            if (dims >= k) {
                centres[c][c] = spread;
            } else {
                centres[c][0] = spread * Math.cos(2 * Math.PI * c / k);
                centres[c][1] = spread * Math.sin(2 * Math.PI * c / k);
            }
        }
        double[][] x = new double[k * per][dims];
        int[] truth = new int[k * per];
        for (int i = 0; i < x.length; i++) {
            truth[i] = i % k;
            for (int j = 0; j < dims; j++) {
                x[i][j] = centres[truth[i]][j] + r.nextGaussian();
            }
        }
        return new Planted(x, truth);
    }
}
