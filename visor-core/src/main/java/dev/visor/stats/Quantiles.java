package dev.visor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import java.util.Base64;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Per-unit streaming quantiles of a layer's unit values (one value per image, a channel's spatial
 * maximum), one KLL sketch per unit.
 *
 * <p>What was picked and why: Apache DataSketches {@code datasketches-java} 6.1.1 (Apache-2.0; the last
 * line that runs on Java 8–17 without the foreign-memory API of 7.x), its {@link KllFloatsSketch}
 * (Karnin, Lang and Liberty 2016), because KLL is the sketch with the best space for a given rank error
 * among mergeable ones, it is mergeable across shards by design, and DataSketches serialises it to a
 * small byte array (stored Base64 in the JSON form). With the default {@code k = 200} the documented
 * normalized rank error is about 1.33 % ({@link #rankError()}, at 99 % confidence); a merged sketch keeps
 * that bound. Unlike {@link TopK} and {@link Moments}, KLL's compaction uses random coin flips, so a
 * merged or resumed sketch answers within the rank error of the exact quantile but is not bit-identical
 * to a single uninterrupted pass.
 */
public final class Quantiles implements UnitStatistic {
    /** Kind name in the JSON form. */
    public static final String KIND = "kll";

    /** DataSketches' default KLL size parameter. */
    public static final int DEFAULT_K = 200;

    private final int k;
    private final int[] units;
    private final KllFloatsSketch[] sketches;

    /** Empty sketches of size parameter {@code k} over these units. */
    public Quantiles(int k, int[] units) {
        if (k < 8 || k > 65535) {
            throw new VisorException("KLL k must be in 8..65535, got " + k);
        }
        this.k = k;
        this.units = units.clone();
        this.sketches = new KllFloatsSketch[units.length];
        for (int u = 0; u < units.length; u++) {
            sketches[u] = KllFloatsSketch.newHeapInstance(k);
        }
    }

    /** The spec that makes KLL sketches of size parameter {@code k}. */
    public static StatisticSpec spec(int k) {
        return new StatisticSpec() {
            @Override
            public String describe() {
                return KIND + "(k=" + k + ")";
            }

            @Override
            public UnitStatistic create(int[] units, int height, int width) {
                return new Quantiles(k, units);
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

    /** The sketch's documented normalized rank error for single quantile queries (a fraction, e.g. 0.0133). */
    public double rankError() {
        return sketches.length == 0 ? KllFloatsSketch.getNormalizedRankError(k, false) : sketches[0].getNormalizedRankError(false);
    }

    /** Values seen by unit slot {@code u}. */
    public long count(int u) {
        return sketches[u].getN();
    }

    /** The (approximate) {@code rank}-quantile of unit slot {@code u}, rank in [0, 1] (inclusive search). */
    public float quantile(int u, double rank) {
        return sketches[u].getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    /** The (approximate) normalized rank of a value in unit slot {@code u} (inclusive search). */
    public double rank(int u, float value) {
        return sketches[u].getRank(value, QuantileSearchCriteria.INCLUSIVE);
    }

    @Override
    public void update(UnitValues batch) {
        for (int b = 0; b < batch.count(); b++) {
            for (int u = 0; u < units.length; u++) {
                float v = batch.value(b, u);
                if (!Float.isNaN(v)) {
                    sketches[u].update(v);
                }
            }
        }
    }

    @Override
    public void merge(UnitStatistic other) {
        UnitStatistic.checkSameUnits(this, other);
        Quantiles o = (Quantiles) other;
        if (o.k != k) {
            throw new VisorException("cannot merge KLL sketches of k = " + o.k + " into k = " + k);
        }
        for (int u = 0; u < units.length; u++) {
            sketches[u].merge(o.sketches[u]);
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", KIND);
        o.put("k", k);
        ArrayNode us = o.putArray("units");
        ArrayNode ss = o.putArray("sketches");
        Base64.Encoder b64 = Base64.getEncoder();
        for (int u = 0; u < units.length; u++) {
            us.add(units[u]);
            ss.add(b64.encodeToString(sketches[u].toByteArray()));
        }
        return o;
    }

    /** Reads the {@link #toJson()} form. */
    public static Quantiles fromJson(JsonNode json) {
        Quantiles q = new Quantiles(json.path("k").asInt(), Json.ints(json.path("units")));
        Base64.Decoder b64 = Base64.getDecoder();
        JsonNode ss = json.path("sketches");
        for (int u = 0; u < q.units.length; u++) {
            q.sketches[u] = KllFloatsSketch.heapify(Memory.wrap(b64.decode(ss.get(u).asText())));
        }
        return q;
    }
}
