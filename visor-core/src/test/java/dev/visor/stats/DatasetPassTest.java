package dev.visor.stats;

import dev.visor.job.Shard;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KLL sketches of a real pass, merged from 4 shards, against exact quantiles; prefetch changes nothing. */
class DatasetPassTest {
    static Model model;
    static Dataset test;

    @BeforeAll
    static void load() {
        model = ModelLoader.load("builtin:fashion-cnn");
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void quantilesMergedFromFourShardsAreWithinTheSketchRankErrorOfTheExactQuantiles() {
        // fc1 is dense (128 units), so its unit values are the activations themselves, sorted here for the truth.
        List<Quantiles> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(DatasetPass.of(model, test).layers(List.of("fc1")).statistics(Quantiles.spec(Quantiles.DEFAULT_K))
                    .batchSize(250).shard(new Shard(i, 4)).run().statistics().get("fc1", Quantiles.class));
        }
        Quantiles merged = parts.get(0);
        for (int i = 1; i < 4; i++) {
            merged.merge(parts.get(i));
        }
        float[][] exact = new float[128][test.size()];
        try (NDManager m = model.manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(test, model.inputSpec(), 250, m)) {
                try (b) {
                    float[] v = model.forward(b.input(), "fc1").get("fc1").toFloatArray();
                    for (int i = 0; i < b.size(); i++) {
                        for (int u = 0; u < 128; u++) {
                            exact[u][b.indices()[i]] = v[i * 128 + u];
                        }
                    }
                }
            }
        }
        double eps = merged.rankError();
        assertThat(eps).isBetween(0.005, 0.02);
        double worst = 0;
        for (int u = 0; u < 128; u++) {
            float[] sorted = exact[u].clone();
            Arrays.sort(sorted);
            assertThat(merged.count(u)).isEqualTo(10_000);
            for (double r = 0.05; r < 1; r += 0.05) {
                float q = merged.quantile(u, r);
                // the exact normalized rank range of the sketch's answer: fraction of values < q and <= q
                double below = lowerBound(sorted, q) / (double) sorted.length;
                double upTo = upperBound(sorted, q) / (double) sorted.length;
                double err = r < below ? below - r : r > upTo ? r - upTo : 0;
                worst = Math.max(worst, err);
                assertThat(err).as("unit %d rank %.2f", u, r).isLessThanOrEqualTo(eps);
            }
        }
        System.out.printf("KLL k=200 merged from 4 shards: worst rank error %.4f (documented %.4f)%n", worst, eps);
    }

    @Test
    void prefetchingOnAnotherThreadGivesTheSameStatistics() {
        Dataset head = test.head(1000);
        var with = DatasetPass.of(model, head).layers(List.of("bn2", "logits")).batchSize(64).prefetch(2).run();
        var without = DatasetPass.of(model, head).layers(List.of("bn2", "logits")).batchSize(64).prefetch(0).run();
        assertThat(with.statistics().toJson()).isEqualTo(without.statistics().toJson());
        assertThat(with.images()).isEqualTo(1000);
        assertThat(with.batches()).isEqualTo(16);
    }

    private static int lowerBound(float[] a, float v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(float[] a, float v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
