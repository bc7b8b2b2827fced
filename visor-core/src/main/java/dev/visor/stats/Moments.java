package dev.visor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Per-unit running moments of a layer's unit values ({@link UnitValues}: one value per image, a
 * channel's spatial maximum): count, mean, sum of squared deviations M2 (variance = M2 / (n − 1)),
 * minimum and maximum, all in double.
 *
 * <p>Values are added one at a time with Welford's update; {@link #merge} uses the parallel rule of
 * Chan, Golub and LeVeque (1979): δ = mean_b − mean_a, n = n_a + n_b,
 * mean = mean_a + δ·n_b/n, M2 = M2_a + M2_b + δ²·n_a·n_b/n. Count, minimum and maximum merge exactly;
 * mean and M2 agree with a single pass to rounding (a relative 1e-9 is far above what 10⁴–10⁶ values
 * accumulate). The JSON form stores the doubles exactly, so a resumed pass is bit-identical.
 */
public final class Moments implements UnitStatistic {
    /** Kind name in the JSON form. */
    public static final String KIND = "moments";

    private final int[] units;
    private final long[] count;
    private final double[] mean;
    private final double[] m2;
    private final double[] min;
    private final double[] max;

    /** Empty moments over these units. */
    public Moments(int[] units) {
        this.units = units.clone();
        int n = units.length;
        count = new long[n];
        mean = new double[n];
        m2 = new double[n];
        min = new double[n];
        max = new double[n];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** The spec that makes moments. */
    public static StatisticSpec spec() {
        return new StatisticSpec() {
            @Override
            public String describe() {
                return KIND;
            }

            @Override
            public UnitStatistic create(int[] units, int height, int width) {
                return new Moments(units);
            }
        };
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int[] units() {
        return units.clone();
    }

    /** Values seen by unit slot {@code u}. */
    public long count(int u) {
        return count[u];
    }

    /** Mean of unit slot {@code u}. */
    public double mean(int u) {
        return mean[u];
    }

    /** Sample variance M2 / (n − 1) of unit slot {@code u} (0 for fewer than two values). */
    public double variance(int u) {
        return count[u] < 2 ? 0 : m2[u] / (count[u] - 1);
    }

    /** Smallest value of unit slot {@code u} (+∞ when empty). */
    public double min(int u) {
        return min[u];
    }

    /** Largest value of unit slot {@code u} (−∞ when empty). */
    public double max(int u) {
        return max[u];
    }

    /** Adds one value to unit slot {@code u} (Welford). */
    public void add(int u, double x) {
        long n = ++count[u];
        double d = x - mean[u];
        mean[u] += d / n;
        m2[u] += d * (x - mean[u]);
        min[u] = Math.min(min[u], x);
        max[u] = Math.max(max[u], x);
    }

    @Override
    public void update(UnitValues batch) {
        for (int b = 0; b < batch.count(); b++) {
            for (int u = 0; u < units.length; u++) {
                add(u, batch.value(b, u));
            }
        }
    }

    @Override
    public void merge(UnitStatistic other) {
        UnitStatistic.checkSameUnits(this, other);
        Moments o = (Moments) other;
        for (int u = 0; u < units.length; u++) {
            long na = count[u];
            long nb = o.count[u];
            if (nb == 0) {
                continue;
            }
            if (na == 0) {
                count[u] = nb;
                mean[u] = o.mean[u];
                m2[u] = o.m2[u];
            } else {
                double n = (double) na + nb;
                double delta = o.mean[u] - mean[u];
                mean[u] += delta * nb / n;
                m2[u] += o.m2[u] + delta * delta * ((double) na * nb / n);
                count[u] = na + nb;
            }
            min[u] = Math.min(min[u], o.min[u]);
            max[u] = Math.max(max[u], o.max[u]);
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", KIND);
        ArrayNode us = o.putArray("units");
        ArrayNode cs = o.putArray("count");
        for (int u = 0; u < units.length; u++) {
            us.add(units[u]);
            cs.add(count[u]);
        }
        o.set("mean", Json.doubles(mean));
        o.set("m2", Json.doubles(m2));
        o.set("min", Json.doubles(min));
        o.set("max", Json.doubles(max));
        return o;
    }

    /** Reads the {@link #toJson()} form. */
    public static Moments fromJson(JsonNode json) {
        Moments m = new Moments(Json.ints(json.path("units")));
        long[] c = Json.longs(json.path("count"));
        System.arraycopy(c, 0, m.count, 0, c.length);
        System.arraycopy(Json.doubles(json.path("mean")), 0, m.mean, 0, c.length);
        System.arraycopy(Json.doubles(json.path("m2")), 0, m.m2, 0, c.length);
        System.arraycopy(Json.doubles(json.path("min")), 0, m.min, 0, c.length);
        System.arraycopy(Json.doubles(json.path("max")), 0, m.max, 0, c.length);
        return m;
    }
}
