package dev.visor.stats;

import dev.visor.job.Shard;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Merge laws of the statistics on synthetic data: exact for top-k, Chan's rule for moments, JSON round trips. */
class StatisticsMergeTest {
    static final int[] UNITS = {3, 7, 11};

    /** n images × 3 units; values from a small set so that ties are everywhere. */
    static List<UnitValues> batches(int n, int batch, long seed, boolean ties) {
        Random r = new Random(seed);
        List<UnitValues> out = new ArrayList<>();
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            int[] ids = new int[m];
            float[] v = new float[m * UNITS.length];
            int[] p = new int[m * UNITS.length];
            for (int i = 0; i < m; i++) {
                ids[i] = start + i;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = ties ? r.nextInt(5) : (float) (1000 + r.nextGaussian());
                p[i] = r.nextInt(16);
            }
            out.add(new UnitValues(ids, UNITS, v, p, 4, 4));
        }
        return out;
    }

    @Test
    void topKOfShardsMergedInAnyOrderIsTheSinglePassTopK() {
        List<UnitValues> all = batches(5000, 50, 1, true);
        TopK single = new TopK(9, UNITS, 4, 4);
        all.forEach(single::update);
        Random r = new Random(2);
        for (int trial = 0; trial < 20; trial++) {
            List<TopK> parts = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                parts.add(new TopK(9, UNITS, 4, 4));
            }
            for (UnitValues b : all) {
                parts.get(r.nextInt(4)).update(b);
            }
            Collections.shuffle(parts, r);
            TopK merged = new TopK(9, UNITS, 4, 4);
            parts.forEach(merged::merge);
            assertThat(merged.toJson()).isEqualTo(single.toJson());
        }
        // Ties on the value (only 5 distinct values) are broken by the smaller image id.
        assertThat(single.entries(0)).extracting(TopK.Entry::value).containsOnly(4f);
        List<Integer> ids = single.entries(0).stream().map(TopK.Entry::image).toList();
        assertThat(ids).isSorted();
        assertThat(TopK.fromJson(single.toJson()).toJson()).isEqualTo(single.toJson());
    }

    @Test
    void momentsOfFourShardsMatchTheSinglePassAndTheExactValues() {
        List<UnitValues> all = batches(40_000, 100, 3, false);
        Moments single = new Moments(UNITS);
        all.forEach(single::update);
        Moments[] parts = {new Moments(UNITS), new Moments(UNITS), new Moments(UNITS), new Moments(UNITS)};
        for (int b = 0; b < all.size(); b++) {
            parts[b % 4].update(all.get(b));
        }
        Moments merged = new Moments(UNITS);
        for (Moments p : parts) {
            merged.merge(p);
        }
        for (int u = 0; u < UNITS.length; u++) {
            BigDecimal sum = BigDecimal.ZERO;
            long n = 0;
            double min = Double.POSITIVE_INFINITY;
            for (UnitValues b : all) {
                for (int i = 0; i < b.count(); i++) {
                    sum = sum.add(new BigDecimal(b.value(i, u)));
                    min = Math.min(min, b.value(i, u));
                    n++;
                }
            }
            BigDecimal mean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
            BigDecimal ss = BigDecimal.ZERO;
            for (UnitValues b : all) {
                for (int i = 0; i < b.count(); i++) {
                    BigDecimal d = new BigDecimal(b.value(i, u)).subtract(mean);
                    ss = ss.add(d.multiply(d));
                }
            }
            double var = ss.divide(BigDecimal.valueOf(n - 1), MathContext.DECIMAL128).doubleValue();
            assertThat(merged.count(u)).isEqualTo(single.count(u)).isEqualTo(40_000);
            assertThat(merged.min(u)).isEqualTo(single.min(u)).isEqualTo(min);
            assertThat(merged.max(u)).isEqualTo(single.max(u));
            assertThat(Math.abs(merged.mean(u) - single.mean(u)) / single.mean(u)).isLessThan(1e-9);
            assertThat(Math.abs(merged.variance(u) - single.variance(u)) / single.variance(u)).isLessThan(1e-9);
            assertThat(Math.abs(single.mean(u) - mean.doubleValue()) / mean.doubleValue()).isLessThan(1e-9);
            assertThat(Math.abs(single.variance(u) - var) / var).isLessThan(1e-9);
        }
        assertThat(Moments.fromJson(single.toJson()).toJson()).isEqualTo(single.toJson());
        assertThat(Moments.fromJson(new Moments(UNITS).toJson()).min(0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void quantileSketchesSurviveTheirJsonForm() {
        Quantiles q = new Quantiles(Quantiles.DEFAULT_K, UNITS);
        batches(20_000, 100, 4, false).forEach(q::update);
        Quantiles back = Quantiles.fromJson(q.toJson());
        for (double rank : new double[] {0.01, 0.5, 0.99}) {
            assertThat(back.quantile(1, rank)).isEqualTo(q.quantile(1, rank));
        }
        assertThat(back.count(2)).isEqualTo(20_000);
    }

    @Test
    void shardsTakeStridedBatchesThatCoverThePassOnce() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.addAll(new Shard(i, 4).batches(10));
        }
        Collections.sort(seen);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(new Shard(1, 4).batches(10)).containsExactly(1, 5, 9);
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 <= I < N");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("x")).hasMessageContaining("I/N");
    }
}
