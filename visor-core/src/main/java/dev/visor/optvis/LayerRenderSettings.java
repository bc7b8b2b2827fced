package dev.visor.optvis;

import dev.visor.VisorException;
import dev.visor.job.Shard;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code visor render-layer} runs: every chosen unit of a layer, {@code batch} units per optimisation.
 * Make it with {@link #of} and the withers.
 *
 * @param layer  the layer
 * @param units  the units in ascending order; empty means every unit of the layer (default)
 * @param neuron render each channel's centre neuron instead of the channel mean (default false)
 * @param batch  units per optimisation (default 8); batches are cut from the whole unit list, then shared out
 * @param shard  this process's share of the batches (default {@link Shard#ALL})
 * @param recipe the render recipe (default {@link Presets#fourier()})
 * @param seed   the run's seed (default 0); each batch's seed is derived from it and the batch's first unit
 * @param out    output folder
 */
public record LayerRenderSettings(String layer, List<Integer> units, boolean neuron, int batch, Shard shard,
                                  RenderSettings recipe, long seed, Path out) {
    /** Default units per optimisation. */
    public static final int DEFAULT_BATCH = 8;

    /** Checks the values. */
    public LayerRenderSettings {
        units = List.copyOf(units);
        if (batch < 1 || batch > 1024) {
            throw new VisorException("--batch must be 1 to 1024 units, got " + batch);
        }
    }

    /** Every unit of a layer with every default. */
    public static LayerRenderSettings of(String layer, Path out) {
        return new LayerRenderSettings(layer, List.of(), false, DEFAULT_BATCH, Shard.ALL, Presets.fourier(), 0, out);
    }

    /** With only these units (empty: all). */
    public LayerRenderSettings withUnits(List<Integer> u) {
        return new LayerRenderSettings(layer, u, neuron, batch, shard, recipe, seed, out);
    }

    /** With centre neurons (true) or channel means (false). */
    public LayerRenderSettings withNeuron(boolean n) {
        return new LayerRenderSettings(layer, units, n, batch, shard, recipe, seed, out);
    }

    /** With another batch size. */
    public LayerRenderSettings withBatch(int b) {
        return new LayerRenderSettings(layer, units, neuron, b, shard, recipe, seed, out);
    }

    /** With another shard. */
    public LayerRenderSettings withShard(Shard s) {
        return new LayerRenderSettings(layer, units, neuron, batch, s, recipe, seed, out);
    }

    /** With another recipe. */
    public LayerRenderSettings withRecipe(RenderSettings r) {
        return new LayerRenderSettings(layer, units, neuron, batch, shard, r, seed, out);
    }

    /** With another seed. */
    public LayerRenderSettings withSeed(long s) {
        return new LayerRenderSettings(layer, units, neuron, batch, shard, recipe, s, out);
    }
}
