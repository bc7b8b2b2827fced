package dev.visor.stats;

/**
 * One batch of one layer, reduced to one value per (image, unit): what every {@link UnitStatistic}
 * consumes. For a convolutional channel the value is its spatial maximum over the feature map and the
 * position is where that maximum is (the first, in row-major order, when several positions tie); a
 * dense unit has a 1×1 map and position (0, 0). See {@link LayerReduction}.
 *
 * @param images    dataset indices of the batch's images, by batch position
 * @param units     the units (channel indices) covered, in statistic order
 * @param values    value of unit {@code units[u]} on image {@code b} at {@code [b * units.length + u]}
 * @param positions flat position {@code y * width + x} of that value in the layer's map, same layout
 * @param height    the layer's feature-map height (1 for dense layers)
 * @param width     the layer's feature-map width (1 for dense layers)
 */
public record UnitValues(int[] images, int[] units, float[] values, int[] positions, int height, int width) {
    /** Checks the array sizes. */
    public UnitValues {
        if (values.length != images.length * units.length || positions.length != values.length) {
            throw new IllegalArgumentException("values/positions must hold images × units = " + images.length + " × "
                    + units.length + " entries, got " + values.length + " and " + positions.length);
        }
    }

    /** Number of images in the batch. */
    public int count() {
        return images.length;
    }

    /** The value of unit slot {@code u} (an index into {@link #units()}) on batch image {@code b}. */
    public float value(int b, int u) {
        return values[b * units.length + u];
    }

    /** The flat position of that value. */
    public int position(int b, int u) {
        return positions[b * units.length + u];
    }
}
