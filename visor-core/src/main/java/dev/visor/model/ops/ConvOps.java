package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;

/** Convolutions over 1 to 3 spatial axes (NC...): Conv with groups, dilations, explicit or automatic padding. */
final class ConvOps {
    private ConvOps() {}

    static void register(OpRegistry r) {
        r.register("Conv", ConvOps::conv);
        r.register("ConvTranspose", ConvTransposeOp::new);
    }

    private static Op conv(Node node) {
        Attributes a = node.attributes();
        int group = a.getInt("group", 1);
        String autoPad = a.getString("auto_pad", "NOTSET");
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray w = in.get(1);
            NDArray b = OpSupport.optional(in, 2);
            int n = x.getShape().dimension() - 2;
            if (n < 1 || n > 3) {
                throw OpSupport.unsupported(node, "input rank " + (n + 2) + " (1 to 3 spatial axes are supported)");
            }
            long[] wd = OpSupport.dims(w);
            int[] kernel = new int[n];
            for (int i = 0; i < n; i++) {
                kernel[i] = (int) wd[i + 2];
            }
            int[] strides = a.getInts("strides", OpSupport.filled(n, 1));
            int[] dil = a.getInts("dilations", OpSupport.filled(n, 1));
            long[] spatial = java.util.Arrays.copyOfRange(OpSupport.dims(x), 2, n + 2);
            long[] p = Padding.resolve(autoPad, a.getInts("pads", null), spatial, kernel, strides, dil);
            return OpSupport.one(convolve(x, w, b, strides, p, dil, group));
        };
    }

    /** Convolution with ONNX pads {begin..., end...}; asymmetric pads are applied explicitly. */
    static NDArray convolve(NDArray x, NDArray w, NDArray b, int[] strides, long[] pads, int[] dil, int group) {
        NDArray xp = x;
        long[] sym = Padding.begins(pads);
        if (!Padding.symmetric(pads)) {
            xp = x.pad(OpSupport.torchPads(Padding.begins(pads), Padding.ends(pads)), 0);
            sym = new long[sym.length];
        }
        return xp.getNDArrayInternal().convolution(xp, w, b, shape(strides), new Shape(sym), shape(dil), group)
                .singletonOrThrow();
    }

    static Shape shape(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i];
        }
        return new Shape(l);
    }
}
