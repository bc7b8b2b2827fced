package dev.visor.stats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.VisorException;

/**
 * Reduces a layer's activation to one value per (image, unit): a convolutional channel (N, C, H, W)
 * gives its spatial maximum and the position of that maximum (libtorch's argmax: the first maximal
 * position in row-major order); a dense layer (N, C) gives the unit's value at position (0, 0); a
 * rank-3 activation (N, C, L) is treated as a 1×L map. The reduction runs in the engine; only N×C values
 * reach Java, and positions are found on demand ({@link UnitValues.PositionSource}) for the slots asked.
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
        NDArray a = activation.getDataType() == DataType.FLOAT32 ? activation : activation.toType(DataType.FLOAT32, false);
        if (shape.length == 2) {
            float[] values = pick(a.toFloatArray(), n, c, units);
            return new UnitValues(images, units, values, new int[n * units.length], 1, 1).withMaps(() -> values);
        }
        // The max is nearly free beside the forward pass; the argmax is not, so it is found only for the slots a
        // statistic asks about (the few candidates of a top-k), in one engine call per request.
        NDArray rows = a.reshape((long) n * c, (long) hw[0] * hw[1]);
        float[] max = rows.max(new int[] {1}).toFloatArray();
        UnitValues.PositionSource source = slots -> {
            long[] r = new long[slots.length];
            for (int i = 0; i < slots.length; i++) {
                r[i] = (long) (slots[i] / units.length) * c + units[slots[i] % units.length];
            }
            NDArray picked = rows.get(rows.getManager().create(r));
            long[] arg = picked.argMax(1).toLongArray();
            int[] out = new int[arg.length];
            for (int i = 0; i < arg.length; i++) {
                out[i] = (int) arg[i];
            }
            return out;
        };
        int plane = hw[0] * hw[1];
        UnitValues.MapSource maps = () -> {
            float[] all = a.toFloatArray();
            float[] out = new float[n * units.length * plane];
            for (int b = 0; b < n; b++) {
                for (int u = 0; u < units.length; u++) {
                    System.arraycopy(all, (b * c + units[u]) * plane, out, (b * units.length + u) * plane, plane);
                }
            }
            return out;
        };
        return UnitValues.lazy(images, units, pick(max, n, c, units), source, hw[0], hw[1]).withMaps(maps);
    }

    private static float[] pick(float[] all, int n, int c, int[] units) {
        float[] values = new float[n * units.length];
        for (int b = 0; b < n; b++) {
            for (int u = 0; u < units.length; u++) {
                values[b * units.length + u] = all[b * c + units[u]];
            }
        }
        return values;
    }
}
