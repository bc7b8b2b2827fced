package dev.visor.stats;

/**
 * Which statistic a pass keeps for each layer, and how to make an empty one once the layer's units and
 * map size are known. {@link #describe()} identifies the statistic and its parameters, so a checkpoint
 * made with other statistics is never resumed.
 */
public interface StatisticSpec {
    /** Kind and parameters, e.g. {@code top-k(k=9)}. */
    String describe();

    /** An empty statistic over these units of a layer with an {@code height}×{@code width} map. */
    UnitStatistic create(int[] units, int height, int width);
}
