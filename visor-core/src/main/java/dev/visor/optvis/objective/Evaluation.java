package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.model.Activations;

/**
 * What an objective is evaluated on: the activations of one forward pass and the image batch that
 * produced them (NCHW, [0, 1], before the stochastic transforms), for image-space penalties.
 *
 * @param activations the forward pass
 * @param image       the parameterised image batch
 */
public record Evaluation(Activations activations, NDArray image) {
    /** Number of batch items. */
    public int batch() {
        return (int) image.getShape().get(0);
    }
}
