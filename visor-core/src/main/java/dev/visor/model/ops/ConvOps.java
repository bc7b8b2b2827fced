package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.OpRegistry;

/** Convolutions (2-D, NCHW): Conv with groups, dilations, explicit or automatic padding. */
final class ConvOps {
    private ConvOps() {}

    static void register(OpRegistry r) {
        r.register("Conv", ConvOps::conv);
    }

    private static dev.visor.model.Op conv(Node node) {
        Attributes a = node.attributes();
        int[] strides = a.getInts("strides", new int[] {1, 1});
        int[] dil = a.getInts("dilations", new int[] {1, 1});
        int group = a.getInt("group", 1);
        String autoPad = a.getString("auto_pad", "NOTSET");
        int[] pads = a.getInts("pads", new int[] {0, 0, 0, 0});
        int[] kernelAttr = a.getInts("kernel_shape", null);
        if (strides.length != 2 || dil.length != 2 || pads.length != 4) {
            throw OpSupport.unsupported(node, "convolution rank (only 2-D is supported)");
        }
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray w = in.get(1);
            NDArray b = in.size() > 2 ? in.get(2) : null;
            if (x.getShape().dimension() != 4) {
                throw OpSupport.unsupported(node, "input rank " + x.getShape().dimension() + " (only 2-D convolution)");
            }
            long kh = kernelAttr != null ? kernelAttr[0] : w.getShape().get(2);
            long kw = kernelAttr != null ? kernelAttr[1] : w.getShape().get(3);
            long[] p = Padding.resolve(autoPad, pads, x.getShape().get(2), x.getShape().get(3), kh, kw, strides, dil);
            NDArray xp = x;
            Shape pad;
            if (p[0] == p[2] && p[1] == p[3]) {
                pad = new Shape(p[0], p[1]);
            } else {
                xp = x.pad(new Shape(p[1], p[3], p[0], p[2]), 0f);
                pad = new Shape(0, 0);
            }
            return OpSupport.one(Conv2d.conv2d(xp, w, b, new Shape(strides[0], strides[1]), pad,
                    new Shape(dil[0], dil[1]), group).singletonOrThrow());
        };
    }
}
