package dev.visor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;

/**
 * A statistic of every unit of one layer, updated batch by batch during a {@link DatasetPass}. Each one
 * has a {@link #merge} that combines the partial results of shards (disjoint sets of images) and a
 * compact JSON form ({@link #toJson()}, read back by {@link #fromJson}) used for checkpoints and shard
 * outputs. Exactness of the merge is documented per statistic.
 */
public interface UnitStatistic {
    /** The kind name written in the JSON form, e.g. {@code top-k}. */
    String kind();

    /** The units covered (channel indices), in slot order. */
    int[] units();

    /** Adds one batch. */
    void update(UnitValues batch);

    /**
     * Adds the images another partial result saw (same kind, same units, disjoint images).
     *
     * @throws VisorException when the other statistic is of another kind, parameter or unit list
     */
    void merge(UnitStatistic other);

    /** The serialised form (contains {@code "kind"}). */
    ObjectNode toJson();

    /** Reads any statistic back from its {@link #toJson()} form. */
    static UnitStatistic fromJson(JsonNode json) {
        String kind = json.path("kind").asText();
        return switch (kind) {
            case TopK.KIND -> TopK.fromJson(json);
            case Moments.KIND -> Moments.fromJson(json);
            case Quantiles.KIND -> Quantiles.fromJson(json);
            default -> throw new VisorException("unknown statistic kind '" + kind + "'; valid: " + TopK.KIND + ", "
                    + Moments.KIND + ", " + Quantiles.KIND);
        };
    }

    /** Checks that a merge partner covers the same units. */
    static void checkSameUnits(UnitStatistic a, UnitStatistic b) {
        if (!a.kind().equals(b.kind()) || !java.util.Arrays.equals(a.units(), b.units())) {
            throw new VisorException("cannot merge " + b.kind() + " over " + b.units().length + " units into " + a.kind()
                    + " over " + a.units().length + " units: the statistics must be of the same kind and units");
        }
    }
}
