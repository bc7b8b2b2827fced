package dev.visor.facets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One image held on the Java side (CHW floats in [0, 1]), so results outlive the run's native memory.
 *
 * @param channels channels
 * @param height   height
 * @param width    width
 * @param data     CHW values
 */
public record FacetImage(int channels, int height, int width, float[] data) {
    /** Item {@code i} of an NCHW batch. */
    public static FacetImage of(NDArray batch, int i) {
        Shape s = batch.getShape();
        return new FacetImage((int) s.get(1), (int) s.get(2), (int) s.get(3), batch.get(i).toFloatArray());
    }

    /** As a (1, C, H, W) array in {@code m}. */
    public NDArray toArray(NDManager m) {
        return m.create(data, new Shape(1, channels, height, width));
    }
}
