package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpContext;
import java.util.List;

/**
 * ConvTranspose (ONNX semantics, 1 to 3 spatial axes). DJL's deconvolution throws "not implemented",
 * so this is the composite: insert stride−1 zeros between input pixels, pad by (k−1)·d − pad, and
 * convolve (stride 1) with the spatially flipped kernel whose in/out channels are swapped per group.
 */
final class ConvTransposeOp implements Op {
    private final Node node;
    private final Attributes a;

    ConvTransposeOp(Node node) {
        this.node = node;
        this.a = node.attributes();
    }

    @Override
    public List<NDArray> apply(OpContext ctx, List<NDArray> in) {
        NDArray x = in.get(0);
        NDArray w = OpSupport.local(in.get(1), x.getManager());
        NDArray b = OpSupport.optional(in, 2);
        int n = x.getShape().dimension() - 2;
        if (n < 1 || n > 3) {
            throw OpSupport.unsupported(node, "input rank " + (n + 2) + " (1 to 3 spatial axes are supported)");
        }
        int group = a.getInt("group", 1);
        long[] xd = OpSupport.dims(x);
        long[] wd = OpSupport.dims(w);
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = (int) wd[i + 2];
        }
        int[] s = a.getInts("strides", OpSupport.filled(n, 1));
        int[] d = a.getInts("dilations", OpSupport.filled(n, 1));
        int[] outPad = a.getInts("output_padding", OpSupport.filled(n, 0));
        long[] pads = pads(xd, k, s, d, outPad);

        // Zero insertion: (L) -> (L, s) -> (L·s); the trailing s−1 zeros are cropped by the pad below.
        NDArray y = x;
        for (int i = 0; i < n; i++) {
            if (s[i] == 1) {
                continue;
            }
            int axis = 2 + i;
            long[] dims = OpSupport.dims(y);
            int trailing = dims.length - axis;
            long[] begin = new long[trailing];
            long[] end = new long[trailing];
            end[0] = s[i] - 1;
            y = y.expandDims(axis + 1).pad(OpSupport.torchPads(begin, end), 0);
            dims[axis] *= s[i];
            y = y.reshape(new Shape(dims));
        }
        long[] begin = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            long full = (k[i] - 1L) * d[i];
            begin[i] = full - pads[i];
            end[i] = full - pads[i + n] + outPad[i] - (s[i] - 1);
        }
        y = y.pad(OpSupport.torchPads(begin, end), 0);

        // Weight (Cin, Cout/g, k...) -> (Cout, Cin/g, k...), flipped in space.
        long cin = wd[0];
        long coutG = wd[1];
        long[] grouped = new long[n + 3];
        grouped[0] = group;
        grouped[1] = cin / group;
        grouped[2] = coutG;
        System.arraycopy(wd, 2, grouped, 3, n);
        long[] flat = wd.clone();
        flat[0] = coutG * group;
        flat[1] = cin / group;
        int[] spatialAxes = new int[n];
        for (int i = 0; i < n; i++) {
            spatialAxes[i] = 2 + i;
        }
        NDArray wt = w.reshape(new Shape(grouped)).swapAxes(1, 2).reshape(new Shape(flat)).flip(spatialAxes);
        return OpSupport.one(ConvOps.convolve(y, wt, b, OpSupport.filled(n, 1), new long[2 * n], d, group));
    }

    /** Pads {begin..., end...}: explicit, or derived from output_shape / auto_pad as the ONNX spec says. */
    private long[] pads(long[] xd, int[] k, int[] s, int[] d, int[] outPad) {
        int n = k.length;
        String autoPad = a.getString("auto_pad", "NOTSET");
        long[] outShape = a.getLongs("output_shape", null);
        if (outShape == null && !autoPad.startsWith("SAME")) {
            int[] p = a.getInts("pads", null);
            long[] r = new long[2 * n];
            for (int i = 0; p != null && i < 2 * n; i++) {
                r[i] = p[i];
            }
            return r;
        }
        long[] r = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long in = xd[i + 2];
            long target = outShape != null ? outShape[outShape.length - n + i] : in * s[i];
            long total = s[i] * (in - 1) + outPad[i] + ((k[i] - 1L) * d[i] + 1) - target;
            if (total < 0) {
                // A larger output_shape than the input covers: extra (zero) rows at the end.
                r[i + n] = total;
            } else if (autoPad.equals("SAME_UPPER")) {
                r[i] = total / 2;
                r[i + n] = total - total / 2;
            } else {
                r[i] = total - total / 2;
                r[i + n] = total / 2;
            }
        }
        return r;
    }
}
