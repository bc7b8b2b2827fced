package dev.visor.project;

import dev.visor.VisorException;

/**
 * Zeiler–Fergus unit projections of one image (REFERENCE.md §5): the {@code topUnits} channels of
 * {@code layer} with the strongest activation for the image, each projected alone to pixels. Make it with
 * {@link #of} and the withers. The method is deterministic, so there is no seed.
 *
 * @param layer    the layer whose units are projected (it must have a spatial (N, C, H, W) map)
 * @param topUnits how many channels, strongest first (Zeiler and Fergus show 9)
 */
public record ProjectSettings(String layer, int topUnits) {
    /** Zeiler and Fergus's 3×3 grids. */
    public static final int DEFAULT_TOP_UNITS = 9;

    /** Checks the values. */
    public ProjectSettings {
        if (layer == null || layer.isBlank()) {
            throw new VisorException("give the layer whose units to project (--layer)");
        }
        if (topUnits < 1 || topUnits > 1024) {
            throw new VisorException("--top-units must be 1 to 1024, got " + topUnits);
        }
    }

    /** A layer with the defaults. */
    public static ProjectSettings of(String layer) {
        return new ProjectSettings(layer, DEFAULT_TOP_UNITS);
    }

    /** With another number of units. */
    public ProjectSettings withTopUnits(int n) {
        return new ProjectSettings(layer, n);
    }
}
