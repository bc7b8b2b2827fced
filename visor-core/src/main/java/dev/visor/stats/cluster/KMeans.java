package dev.visor.stats.cluster;

import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded k-means++ (Arthur &amp; Vassilvitskii 2007) through commons-math3: seeds drawn with
 * probability ∝ D(x)² (squared distance to the nearest seed so far), then Lloyd's iterations
 * minimising Σ_c Σ_{x∈c} ‖x − μ_c‖²; the best of {@code restarts} runs (lowest within-cluster
 * variance) is kept. The random generator is a {@link Well19937c} seeded from the given seed, so
 * the same points and seed give the same clustering.
 */
public final class KMeans {
    /** Lloyd iterations at most per run. */
    public static final int MAX_ITERATIONS = 300;
    /** Runs kept from (the best one wins). */
    public static final int RESTARTS = 10;

    private KMeans() {}

    private record Point(int index, double[] getPoint) implements Clusterable {}

    /** Clusters the rows of {@code x} into {@code k} clusters. */
    public static Clustering cluster(double[][] x, int k, long seed) {
        if (k < 1 || k > x.length) {
            throw new VisorException("k-means needs 1 to " + x.length + " clusters (one per point at most), got " + k);
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            points.add(new Point(i, x[i]));
        }
        KMeansPlusPlusClusterer<Point> one = new KMeansPlusPlusClusterer<>(k, MAX_ITERATIONS, new EuclideanDistance(),
                new Well19937c(seed), KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT);
        List<CentroidCluster<Point>> found = new MultiKMeansPlusPlusClusterer<>(one, RESTARTS).cluster(points);
        List<int[]> groups = new ArrayList<>();
        for (CentroidCluster<Point> c : found) {
            int[] idx = c.getPoints().stream().mapToInt(Point::index).sorted().toArray();
            if (idx.length > 0) {
                groups.add(idx);
            }
        }
        groups.sort(Comparator.<int[]>comparingInt(g -> -g.length).thenComparingInt(g -> g[0]));
        return fromGroups(x, groups);
    }

    /** The clustering with these groups (cluster c = groups[c]) and their means as centroids. */
    static Clustering fromGroups(double[][] x, List<int[]> groups) {
        int[] labels = new int[x.length];
        Arrays.fill(labels, -1);
        double[][] centroids = new double[groups.size()][x[0].length];
        for (int c = 0; c < groups.size(); c++) {
            for (int i : groups.get(c)) {
                labels[i] = c;
                for (int j = 0; j < x[i].length; j++) {
                    centroids[c][j] += x[i][j] / groups.get(c).length;
                }
            }
        }
        return new Clustering(labels, centroids);
    }

    /** The mean of the rows {@code members} of {@code x} (a cluster's centroid in another space). */
    public static double[] mean(double[][] x, int[] members) {
        double[] m = new double[x[0].length];
        for (int i : members) {
            for (int j = 0; j < m.length; j++) {
                m[j] += x[i][j] / members.length;
            }
        }
        return m;
    }
}
