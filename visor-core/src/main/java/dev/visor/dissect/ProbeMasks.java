package dev.visor.dissect;

import java.util.List;
import java.util.Map;

/**
 * The labels of one probe image at segmentation resolution {@code height}×{@code width}: each pixel-wise
 * layer holds a label number per pixel (row-major, 0 = none) for one category; whole-image labels
 * cover every pixel, as in NetDissect (scene, texture).
 *
 * @param height mask height (sh)
 * @param width  mask width (sw)
 * @param layers the pixel-wise layers
 * @param whole  whole-image label numbers by category
 */
public record ProbeMasks(int height, int width, List<Layer> layers, Map<String, int[]> whole) {
    /** One decoded label-mask PNG. */
    public record Layer(String category, int[] labels) {}

    /** True if the image has any annotation of this category. */
    public boolean annotates(String category) {
        return whole.containsKey(category) || layers.stream().anyMatch(l -> l.category().equals(category));
    }
}
