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

    /** As an RGB image (values clipped to [0, 1]). */
    public java.awt.image.BufferedImage toImage() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int i = 0; i < plane; i++) {
            int r = level(data[i]);
            int g = channels == 1 ? r : level(data[plane + i]);
            int b = channels == 1 ? r : level(data[2 * plane + i]);
            img.setRGB(i % width, i / width, (r << 16) | (g << 8) | b);
        }
        return img;
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    /** As a (1, C, H, W) array in {@code m}. */
    public NDArray toArray(NDManager m) {
        return m.create(data, new Shape(1, channels, height, width));
    }
}
