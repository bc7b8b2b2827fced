package dev.visor.io;

import java.nio.file.Path;

/**
 * User overrides applied after a model is read (CLI flags or visor.yaml); null means "keep".
 *
 * @param size     input height = width in pixels
 * @param channels 1 or 3
 * @param rangeMin value of a black pixel before mean/std
 * @param rangeMax value of a white pixel before mean/std
 * @param mean     per-channel mean
 * @param std      per-channel std
 * @param bgr      channel order BGR
 * @param labels   labels file, one class name a line
 */
public record ModelOptions(Integer size, Integer channels, Float rangeMin, Float rangeMax, float[] mean, float[] std,
                           Boolean bgr, Path labels) {
    /** No overrides. */
    public static ModelOptions none() {
        return new ModelOptions(null, null, null, null, null, null, null, null);
    }
}
