package dev.visor.stats;

import java.util.Arrays;

/**
 * One batch of one layer, reduced to one value per (image, unit): what every {@link UnitStatistic}
 * consumes. For a convolutional channel the value is its spatial maximum over the feature map and the
 * position is where that maximum is (the first, in row-major order, when several positions tie); a
 * dense unit has a 1×1 map and position (0, 0). See {@link LayerReduction}.
 *
 * <p>Values are always present; positions may be found on demand through a {@link PositionSource}
 * (finding the argmax of every channel costs as much as the max itself, and only the few entries that
 * enter a top-k need it), which is valid only while the batch's arrays are open — statistics use them
 * inside {@link UnitStatistic#update}. Slot {@code s = b * units.length + u} is unit slot {@code u} of
 * batch image {@code b}.
 */
public final class UnitValues {
    /** Finds the positions of some slots at once. */
    @FunctionalInterface
    public interface PositionSource {
        /** The flat positions {@code y * width + x} of these slots, in order. */
        int[] positions(int[] slots);
    }

    private final int[] images;
    private final int[] units;
    private final float[] values;
    private final int[] positions;
    private final boolean[] known;
    private final PositionSource source;
    private final int height;
    private final int width;

    private UnitValues(int[] images, int[] units, float[] values, int[] positions, PositionSource source, int height, int width) {
        if (values.length != images.length * units.length || (positions != null && positions.length != values.length)) {
            throw new IllegalArgumentException("values/positions must hold images × units = " + images.length + " × "
                    + units.length + " entries, got " + values.length + " and " + (positions == null ? "-" : positions.length));
        }
        this.images = images;
        this.units = units;
        this.values = values;
        this.source = source;
        this.height = height;
        this.width = width;
        if (positions != null) {
            this.positions = positions;
            this.known = null;
        } else {
            this.positions = new int[values.length];
            this.known = new boolean[values.length];
        }
    }

    /**
     * Values with their positions.
     *
     * @param images    dataset indices of the batch's images, by batch position
     * @param units     the units (channel indices) covered, in statistic order
     * @param values    value of slot {@code b * units.length + u}
     * @param positions flat position {@code y * width + x} of each value, same layout
     * @param height    the layer's map height (1 for dense layers)
     * @param width     the layer's map width (1 for dense layers)
     */
    public UnitValues(int[] images, int[] units, float[] values, int[] positions, int height, int width) {
        this(images, units, values, positions, null, height, width);
    }

    /** Values whose positions are found on demand by {@code source}. */
    public static UnitValues lazy(int[] images, int[] units, float[] values, PositionSource source, int height, int width) {
        return new UnitValues(images, units, values, null, source, height, width);
    }

    /** Dataset ids of the batch's images. */
    public int[] images() {
        return images;
    }

    /** The units covered, in slot order. */
    public int[] units() {
        return units;
    }

    /** Number of images in the batch. */
    public int count() {
        return images.length;
    }

    /** Map height. */
    public int height() {
        return height;
    }

    /** Map width. */
    public int width() {
        return width;
    }

    /** The value of unit slot {@code u} on batch image {@code b}. */
    public float value(int b, int u) {
        return values[b * units.length + u];
    }

    /** The flat position of that value (found now if it is not known yet). */
    public int position(int b, int u) {
        int s = b * units.length + u;
        if (known != null && !known[s]) {
            resolve(new int[] {s});
        }
        return positions[s];
    }

    /** Finds the positions of these slots in one call to the source (those not known yet). */
    public void resolve(int[] slots) {
        if (known == null) {
            return;
        }
        int[] missing = Arrays.stream(slots).filter(s -> !known[s]).distinct().toArray();
        if (missing.length == 0) {
            return;
        }
        int[] p = source.positions(missing);
        for (int i = 0; i < missing.length; i++) {
            positions[missing[i]] = p[i];
            known[missing[i]] = true;
        }
    }
}
