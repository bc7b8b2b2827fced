package dev.visor.optvis;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a render produced.
 *
 * @param image        the final image batch (NCHW, [0, 1]) in the caller's manager
 * @param measureStart the measured objective of each item on the starting image (no transforms)
 * @param measureEnd   the same on the final image: the "final activation" of each item's unit
 * @param finalScores  the optimised objective (penalties and transforms included) at the last step
 * @param steps        steps run (fewer than planned when a stop criterion fired)
 * @param snapshots    images at the requested steps, in the caller's manager
 * @param seconds      wall time of the loop
 */
public record RenderResult(NDArray image, float[] measureStart, float[] measureEnd, float[] finalScores, int steps,
                           Map<Integer, NDArray> snapshots, double seconds) {}
