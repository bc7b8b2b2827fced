package dev.visor.stats.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Must-show 5 (clustering part): k-means++ recovers planted clusters and the silhouette picks the planted k. */
class KMeansTest {
    @Test
    void recoversPlantedClusters() {
        Planted p = Planted.gaussians(6, 30, 10, 8, 21);
        Clustering c = KMeans.cluster(p.x, 6, 4);
        assertThat(purity(c.labels(), p.truth, 6)).isEqualTo(1.0);
        assertThat(c.sizes()).containsOnly(30);
        assertThat(KMeans.cluster(p.x, 6, 4).labels()).isEqualTo(c.labels());
    }

    @Test
    void silhouettePicksThePlantedK() {
        for (int planted : new int[] {3, 4, 7}) {
            Planted p = Planted.gaussians(planted, 25, 2, 25, 100 + planted);
            Clustering best = Silhouette.bestK(p.x, 2, 10, 9);
            assertThat(best.k()).as("planted k = %d", planted).isEqualTo(planted);
        }
    }

    @Test
    void silhouetteOfPerfectAndShuffledLabels() {
        Planted p = Planted.gaussians(3, 20, 5, 20, 5);
        assertThat(Silhouette.score(p.x, p.truth)).isGreaterThan(0.8);
        int[] shuffled = new int[p.truth.length];
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = (i / 3) % 3;
        }
        assertThat(Silhouette.score(p.x, shuffled)).isLessThan(0.1);
    }

    /** Fraction of points whose found cluster's majority planted label is their own. */
    static double purity(int[] found, int[] truth, int k) {
        int kf = 0;
        for (int l : found) {
            kf = Math.max(kf, l + 1);
        }
        int[][] counts = new int[kf][k];
        for (int i = 0; i < found.length; i++) {
            counts[found[i]][truth[i]]++;
        }
        int right = 0;
        for (int[] row : counts) {
            right += java.util.Arrays.stream(row).max().orElse(0);
        }
        return right / (double) found.length;
    }
}
