package dev.visor.stats.cluster;

/**
 * A partition of N points into k clusters, numbered by falling size (ties: the cluster holding the
 * lower point index first).
 *
 * @param labels    the cluster of each point, 0 … k−1
 * @param centroids the mean of each cluster's points, k × D
 */
public record Clustering(int[] labels, double[][] centroids) {
    /** Number of clusters. */
    public int k() {
        return centroids.length;
    }

    /** Number of points in each cluster. */
    public int[] sizes() {
        int[] s = new int[k()];
        for (int l : labels) {
            s[l]++;
        }
        return s;
    }

    /** The indices of cluster {@code c}'s points, in index order. */
    public int[] members(int c) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }
}
