package dev.visor.stats;

import ai.djl.ndarray.NDArray;
import dev.visor.model.Activations;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A value per image computed from a forward pass, kept by a {@link DatasetPass} as if it were a layer with one
 * unit (or C units for an (N, C) result): e.g. an objective such as {@code logits:1 + logits:8}, ranked by the
 * same one pass that ranks the units of real layers ({@code visor top}, {@code visor facets}).
 *
 * @param name   the name its statistics are kept under (must not be a layer of the model)
 * @param reads  the model layers the function reads (requested in the pass's one forward request)
 * @param values (activations, the batch's images in [0, 1] NCHW) → shape (N) or (N, C)
 */
public record DerivedLayer(String name, List<String> reads, BiFunction<Activations, NDArray, NDArray> values) {
    /** Copies the list. */
    public DerivedLayer {
        reads = List.copyOf(reads);
    }

    /** The batch's values as (N, C): a rank-1 result becomes one unit. */
    NDArray apply(Activations a, NDArray images01) {
        NDArray v = values.apply(a, images01);
        return v.getShape().dimension() == 1 ? v.reshape(v.getShape().get(0), 1) : v;
    }
}
