package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpContext;
import dev.visor.model.OpRegistry;
import java.util.List;

/**
 * Resize (opset 11/13 inputs X, roi, scales, sizes) and Upsample (opset 7/9; scales as attribute or
 * input; asymmetric coordinates, nearest = floor). Separable: each resized axis is one step, an index
 * pick for nearest and a product with an (in × out) interpolation matrix for linear and cubic (so all
 * coordinate transformation modes, cubic_coeff_a and exclude_outside are exact and differentiable).
 * Not supported: tf_crop_and_resize (extrapolation).
 */
final class ResizeOp implements Op {
    private final Node node;
    private final boolean upsample;
    private final String mode;
    private final String coord;
    private final String nearestMode;
    private final double cubicA;
    private final boolean excludeOutside;

    private ResizeOp(Node node, boolean upsample) {
        Attributes a = node.attributes();
        this.node = node;
        this.upsample = upsample;
        String m = a.getString("mode", "nearest");
        this.mode = m.equals("bilinear") || m.equals("trilinear") ? "linear" : m;
        this.coord = upsample ? "asymmetric" : a.getString("coordinate_transformation_mode", "half_pixel");
        this.nearestMode = upsample ? "floor" : a.getString("nearest_mode", "round_prefer_floor");
        this.cubicA = a.getFloat("cubic_coeff_a", -0.75f);
        this.excludeOutside = a.getInt("exclude_outside", 0) == 1;
        if (!List.of("nearest", "linear", "cubic").contains(mode)) {
            throw OpSupport.unsupported(node, "resize mode '" + m + "' (nearest, linear, cubic are supported)");
        }
        if (!List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn").contains(coord)) {
            throw OpSupport.unsupported(node, "coordinate_transformation_mode '" + coord + "'");
        }
    }

    static void register(OpRegistry r) {
        r.register("Resize", node -> new ResizeOp(node, false));
        r.register("Upsample", node -> new ResizeOp(node, true));
    }

    @Override
    public List<NDArray> apply(OpContext ctx, List<NDArray> in) {
        NDArray x = in.get(0);
        long[] dims = OpSupport.dims(x);
        double[] scales = null;
        long[] sizes = null;
        NDArray scalesIn = upsample ? OpSupport.optional(in, 1) : OpSupport.optional(in, 2);
        NDArray sizesIn = upsample ? null : OpSupport.optional(in, 3);
        if (scalesIn != null && scalesIn.size() > 0) {
            scales = OpSupport.doubles(scalesIn);
        } else if (sizesIn != null && sizesIn.size() > 0) {
            sizes = OpSupport.longs(sizesIn);
        } else if (upsample && node.attributes().has("scales")) {
            float[] f = node.attributes().getFloats("scales", null);
            scales = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                scales[i] = f[i];
            }
        } else {
            throw OpSupport.unsupported(node, "resize without scales or sizes");
        }
        NDArray y = x;
        for (int axis = 0; axis < dims.length; axis++) {
            long out = sizes != null ? sizes[axis] : (long) Math.floor(dims[axis] * scales[axis]);
            double scale = scales != null ? scales[axis] : (double) out / dims[axis];
            if (out == dims[axis] && scale == 1.0) {
                continue;
            }
            y = resizeAxis(y, axis, dims[axis], out, scale);
        }
        return OpSupport.one(y);
    }

    private NDArray resizeAxis(NDArray x, int axis, long in, long out, double scale) {
        if (mode.equals("nearest")) {
            long[] idx = new long[(int) out];
            for (int i = 0; i < out; i++) {
                idx[i] = Math.max(0, Math.min(in - 1, nearest(source(i, in, out, scale))));
            }
            return OpSupport.takeAlong(x, axis, idx);
        }
        double[] m = new double[(int) (in * out)];
        for (int o = 0; o < out; o++) {
            double s = source(o, in, out, scale);
            long base = (long) Math.floor(s);
            double t = s - base;
            double[] w;
            long first;
            if (mode.equals("linear")) {
                w = new double[] {1 - t, t};
                first = base;
            } else {
                w = cubic(t);
                first = base - 1;
            }
            double kept = 0;
            for (int j = 0; j < w.length; j++) {
                long src = first + j;
                if (excludeOutside && (src < 0 || src >= in)) {
                    w[j] = 0;
                }
                kept += w[j];
            }
            for (int j = 0; j < w.length; j++) {
                long src = Math.max(0, Math.min(in - 1, first + j));
                double wj = excludeOutside ? w[j] / kept : w[j];
                m[(int) (src * out + o)] += wj;
            }
        }
        int last = x.getShape().dimension() - 1;
        NDArray moved = axis == last ? x : x.swapAxes(axis, last);
        NDArray mat = x.getManager().create(m, new Shape(in, out)).toType(x.getDataType(), false);
        NDArray y = moved.matMul(mat);
        return axis == last ? y : y.swapAxes(axis, last);
    }

    /**
     * The input coordinate of output index {@code o} along an axis. As in the ONNX reference, the
     * resized length is in·scale, not rounded (it matters for align_corners with scales).
     */
    private double source(long o, long in, long outLen, double scale) {
        double out = in * scale;
        return switch (coord) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> outLen > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : o * (in - 1.0) / (out - 1.0);
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> o / scale;
        };
    }

    private long nearest(double s) {
        return switch (nearestMode) {
            case "floor" -> (long) Math.floor(s);
            case "ceil" -> (long) Math.ceil(s);
            case "round_prefer_ceil" -> (long) Math.floor(s + 0.5);
            default -> (long) Math.ceil(s - 0.5);
        };
    }

    /** Keys' cubic convolution weights of the points at offsets −1, 0, 1, 2 from floor(s). */
    private double[] cubic(double t) {
        double a = cubicA;
        double[] d = {t + 1, t, 1 - t, 2 - t};
        double[] w = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = Math.abs(d[i]);
            w[i] = x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
                    : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0;
        }
        return w;
    }
}
