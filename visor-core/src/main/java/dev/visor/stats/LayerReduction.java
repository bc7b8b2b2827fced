package dev.visor.stats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.VisorException;

/**
 * Reduces a layer's activation to one value per (image, unit): a convolutional channel (N, C, H, W)
 * gives its spatial maximum and the position of that maximum (libtorch's argmax: the first maximal
 * position in row-major order); a dense layer (N, C) gives the unit's value at position (0, 0); a
 * rank-3 activation (N, C, L) is treated as a 1×L map. The reduction runs in the engine; only N×C values
 * and positions reach Java.
 */
public final class LayerReduction {
    private LayerReduction() {}

    /** The map height and width of an activation shape (N, C[, H[, W]]). */
    public static int[] mapSize(long[] shape, String layer) {
        return switch (shape.length) {
            case 2 -> new int[] {1, 1};
            case 3 -> new int[] {1, (int) shape[2]};
            case 4 -> new int[] {(int) shape[2], (int) shape[3]};
            default -> throw new VisorException("layer '" + layer + "' has a rank-" + shape.length + " activation "
                    + java.util.Arrays.toString(shape) + "; per-unit statistics need (N, C), (N, C, L) or (N, C, H, W)");
        };
    }

    /**
     * Reduces one batch.
     *
     * @param activation the layer's (N, C, ...) activation
     * @param images     dataset ids of the N images
     * @param units      the channels to keep, in statistic order
     */
    public static UnitValues reduce(NDArray activation, int[] images, int[] units, String layer) {
        long[] shape = activation.getShape().getShape();
        int[] hw = mapSize(shape, layer);
        int n = (int) shape[0];
        int c = (int) shape[1];
        float[] max;
        long[] arg;
        NDArray a = activation.getDataType() == DataType.FLOAT32 ? activation : activation.toType(DataType.FLOAT32, false);
        if (shape.length == 2) {
            max = a.toFloatArray();
            arg = new long[max.length];
        } else {
            NDArray flat = a.reshape(n, c, (long) hw[0] * hw[1]);
            max = flat.max(new int[] {2}).toFloatArray();
            arg = flat.argMax(2).toLongArray();
        }
        float[] values = new float[n * units.length];
        int[] positions = new int[n * units.length];
        for (int b = 0; b < n; b++) {
            for (int u = 0; u < units.length; u++) {
                values[b * units.length + u] = max[b * c + units[u]];
                positions[b * units.length + u] = (int) arg[b * c + units[u]];
            }
        }
        return new UnitValues(images, units, values, positions, hw[0], hw[1]);
    }
}
