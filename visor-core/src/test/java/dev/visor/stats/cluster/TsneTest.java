package dev.visor.stats.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Must-show 5 (t-SNE part): a faithful 2-D embedding of separated 50-D clusters, and seeded reproducibility. */
class TsneTest {
    private static final Planted DATA = Planted.gaussians(5, 40, 50, 15, 7);

    @Test
    void exactEmbeddingIsTrustworthy() {
        double[][] y = Tsne.defaults().seed(3).embed(DATA.x);
        double t = trustworthiness(DATA.x, y, 5);
        System.out.printf("t-SNE exact: trustworthiness(k=5) = %.4f%n", t);
        assertThat(t).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void barnesHutEmbeddingIsTrustworthy() {
        double[][] y = Tsne.defaults().exactUpTo(0).seed(3).embed(DATA.x);
        double t = trustworthiness(DATA.x, y, 5);
        System.out.printf("t-SNE Barnes-Hut: trustworthiness(k=5) = %.4f%n", t);
        assertThat(t).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void sameSeedSameEmbeddingOtherSeedOther() {
        Tsne t = Tsne.defaults().iterations(300);
        double[][] a = t.seed(11).embed(DATA.x);
        double[][] b = t.seed(11).embed(DATA.x);
        double[][] c = t.seed(12).embed(DATA.x);
        assertThat(Arrays.deepEquals(a, b)).isTrue();
        assertThat(Arrays.deepEquals(a, c)).isFalse();
        double[][] bhA = t.exactUpTo(0).seed(11).embed(DATA.x);
        double[][] bhB = t.exactUpTo(0).seed(11).embed(DATA.x);
        assertThat(Arrays.deepEquals(bhA, bhB)).isTrue();
    }

    @Test
    void clustersStaySeparatedIn2d() {
        double[][] y = Tsne.defaults().seed(5).embed(DATA.x);
        Clustering c = KMeans.cluster(y, 5, 1);
        assertThat(KMeansTest.purity(c.labels(), DATA.truth, 5)).isEqualTo(1.0);
    }

    /**
     * Venna &amp; Kaski (2001): T(k) = 1 − 2 / (n k (2n − 3k − 1)) Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k), where U_k(i)
     * are the k nearest neighbours of i in the embedding that are not among its k nearest in the input
     * space, and r(i, j) is j's rank among i's input-space neighbours (1 = nearest).
     */
    static double trustworthiness(double[][] x, double[][] y, int k) {
        int n = x.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int[] inputOrder = byDistance(x, i);
            int[] rank = new int[n];
            for (int r = 0; r < inputOrder.length; r++) {
                rank[inputOrder[r]] = r + 1;
            }
            int[] embedOrder = byDistance(y, i);
            for (int m = 0; m < k; m++) {
                int j = embedOrder[m];
                if (rank[j] > k) {
                    sum += rank[j] - k;
                }
            }
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1)) * sum;
    }

    private static int[] byDistance(double[][] p, int i) {
        return IntStream.range(0, p.length).filter(j -> j != i).boxed()
                .sorted(Comparator.comparingDouble(j -> dist2(p[i], p[j]))).mapToInt(Integer::intValue).toArray();
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }
}
