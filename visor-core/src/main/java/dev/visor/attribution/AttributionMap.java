package dev.visor.attribution;

import ai.djl.ndarray.NDArray;

/**
 * One method's result on a batch of images.
 *
 * @param method  the method
 * @param map     heatmaps (N, H, W) ≥ 0 for saliency and Grad-CAM; signed maps (N, C, H, W) otherwise
 * @param scores  the score of each image (forward value of the target)
 * @param classes the class of each image when the target was the default top-1 logit, else null
 * @param target  the target as text ({@code logit(C)} per image for the default)
 * @param layer   the Grad-CAM layer (null for the pure input-gradient methods)
 * @param weights Grad-CAM channel weights (N, K), else null
 * @param coarse  the Grad-CAM map at the layer's resolution (N, h, w), else null
 */
public record AttributionMap(AttributionMethod method, NDArray map, float[] scores, int[] classes, String target,
                             String layer, NDArray weights, NDArray coarse) {}
