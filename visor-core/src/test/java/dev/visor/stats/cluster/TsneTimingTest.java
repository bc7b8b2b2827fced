package dev.visor.stats.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** BENCHMARKS.md: t-SNE seconds for 2000 points of 50-D clusters, exact against Barnes–Hut (slow: about a minute). */
@Tag("slow")
class TsneTimingTest {
    @Test
    void exactAndBarnesHutOn2000Points() {
        Planted p = Planted.gaussians(10, 200, 50, 15, 3);
        long t0 = System.nanoTime();
        double[][] exact = Tsne.defaults().seed(1).embed(p.x);
        long t1 = System.nanoTime();
        double[][] bh = Tsne.defaults().exactUpTo(0).seed(1).embed(p.x);
        long t2 = System.nanoTime();
        double te = TsneTest.trustworthiness(p.x, exact, 10);
        double tb = TsneTest.trustworthiness(p.x, bh, 10);
        System.out.printf("t-SNE 2000 points, 1000 iterations: exact %.1f s (T = %.3f), Barnes-Hut %.1f s (T = %.3f)%n",
                (t1 - t0) / 1e9, te, (t2 - t1) / 1e9, tb);
        assertThat(tb).isGreaterThan(0.9);
    }
}
