package dev.visor.dissect;

import java.util.List;
import java.util.Map;

/**
 * One row of a probe set's {@code index.csv}.
 *
 * @param row        the row's line number in index.csv (for messages)
 * @param image      the image path relative to the set's {@code images/} folder
 * @param split      e.g. {@code train}
 * @param height     image height (ih)
 * @param width      image width (iw)
 * @param maskHeight segmentation height (sh)
 * @param maskWidth  segmentation width (sw)
 * @param masks      per pixel-wise category, its label-mask PNGs (paths relative to {@code images/})
 * @param whole      per whole-image category, its label numbers
 */
public record ProbeImage(int row, String image, String split, int height, int width, int maskHeight, int maskWidth,
                         Map<String, List<String>> masks, Map<String, int[]> whole) {}
