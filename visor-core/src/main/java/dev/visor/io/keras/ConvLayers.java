package dev.visor.io.keras;

import dev.visor.model.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weighted layers: Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose (kernels HWIO to
 * ONNX OIHW) and Dense (Gemm, or MatMul over the last axis of higher-rank inputs).
 */
final class ConvLayers {
    private ConvLayers() {}

    static void register(Map<String, LayerConverter> r) {
        r.put("Conv2D", ConvLayers::conv);
        r.put("Convolution2D", ConvLayers::conv);
        r.put("DepthwiseConv2D", ConvLayers::depthwise);
        r.put("SeparableConv2D", ConvLayers::separable);
        r.put("SeparableConvolution2D", ConvLayers::separable);
        r.put("Conv2DTranspose", ConvLayers::transpose);
        r.put("Deconvolution2D", ConvLayers::transpose);
        r.put("Dense", ConvLayers::dense);
    }

    private static KTensor conv(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        // Keras HWIO (kh, kw, in/groups, out) -> ONNX OIHW.
        WeightTensor k = c.weight("kernel").permute(3, 2, 0, 1);
        long groups = (long) c.num("groups", 1);
        Attributes.Builder a = window(c, k.shape()[2], k.shape()[3]);
        if (groups != 1) {
            a.put("group", groups);
        }
        KTensor y = c.node(3, "Conv", a.build(), withBias(c, x.name(), c.constant("kernel", k)));
        return ActivationLayers.apply(c, y, ActivationLayers.name(c.config().get("activation")));
    }

    /** Depthwise kernel (kh, kw, C, M) as ONNX grouped weight (C·M, 1, kh, kw), output channel c·M + m as in TF. */
    private static WeightTensor depthwiseKernel(WeightTensor w) {
        int[] s = w.shape();
        return w.permute(2, 3, 0, 1).reshape(s[2] * s[3], 1, s[0], s[1]);
    }

    private static KTensor depthwise(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        WeightTensor w = c.weight("depthwise_kernel");
        int channels = w.shape()[2];
        WeightTensor k = depthwiseKernel(w);
        Attributes a = window(c, k.shape()[2], k.shape()[3]).put("group", (long) channels).build();
        KTensor y = c.node(3, "Conv", a, withBias(c, x.name(), c.constant("depthwise_kernel", k)));
        return ActivationLayers.apply(c, y, ActivationLayers.name(c.config().get("activation")));
    }

    private static KTensor separable(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        WeightTensor w = c.weight("depthwise_kernel");
        WeightTensor k = depthwiseKernel(w);
        Attributes a = window(c, k.shape()[2], k.shape()[3]).put("group", (long) w.shape()[2]).build();
        String dw = c.node("Conv", a, x.name(), c.constant("depthwise_kernel", k));
        WeightTensor p = c.weight("pointwise_kernel").permute(3, 2, 0, 1);
        Attributes pa = Attributes.builder().put("kernel_shape", 1L, 1L).build();
        KTensor y = c.node(3, "Conv", pa, withBias(c, dw, c.constant("pointwise_kernel", p)));
        return ActivationLayers.apply(c, y, ActivationLayers.name(c.config().get("activation")));
    }

    private static KTensor transpose(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        // Keras (kh, kw, out, in) -> ONNX ConvTranspose (in, out, kh, kw).
        WeightTensor k = c.weight("kernel").permute(3, 2, 0, 1);
        int[] kernel = {k.shape()[2], k.shape()[3]};
        int[] strides = c.pair("strides", new int[] {1, 1});
        int[] dil = c.pair("dilation_rate", new int[] {1, 1});
        int[] outPad = c.pair("output_padding", null);
        String padding = c.str("padding", "valid");
        long[] pads = new long[4];
        long[] extra = new long[2];
        for (int i = 0; i < 2; i++) {
            long eff = (long) (kernel[i] - 1) * dil[i] + 1;
            if (outPad != null) {
                // Keras: out = (in - 1)·s + eff - 2·pad + output_padding, pad = eff / 2 for 'same'.
                long p = padding.equals("same") ? eff / 2 : 0;
                pads[i] = p;
                pads[i + 2] = p;
                extra[i] = outPad[i];
            } else if (padding.equals("same")) {
                // Output in·s; TF crops the forward conv's SAME padding, the smaller half first.
                long total = Math.max(eff - strides[i], 0);
                pads[i] = total / 2;
                pads[i + 2] = total - total / 2;
                extra[i] = Math.max(strides[i] - eff, 0);
            } else if (padding.equals("valid")) {
                extra[i] = Math.max(strides[i] - eff, 0);
            } else {
                throw c.unsupported("padding '" + padding + "'");
            }
        }
        Attributes.Builder a = Attributes.builder().put("kernel_shape", kernel[0], (long) kernel[1])
                .put("strides", strides[0], (long) strides[1]).put("dilations", dil[0], (long) dil[1]).put("pads", pads);
        if (extra[0] != 0 || extra[1] != 0) {
            a.put("output_padding", extra);
        }
        KTensor y = c.node(3, "ConvTranspose", a.build(), withBias(c, x.name(), c.constant("kernel", k)));
        return ActivationLayers.apply(c, y, ActivationLayers.name(c.config().get("activation")));
    }

    private static KTensor dense(LayerContext c) {
        KTensor x = c.input();
        WeightTensor k = c.weight("kernel");
        String w = c.constant("kernel", k);
        WeightTensor b = c.bool("use_bias", true) ? c.weight("bias") : null;
        KTensor y;
        if (x.rank() == 1) {
            y = b == null ? c.node(1, "Gemm", Attributes.empty(), x.name(), w)
                    : c.node(1, "Gemm", Attributes.empty(), x.name(), w, c.constant("bias", b));
        } else {
            // Dense works on the last Keras axis: for NCHW images that is the channel axis.
            String in = x.spatial() ? c.node("Transpose", perm(0, 2, 3, 1), x.name()) : x.name();
            String out = c.node("MatMul", Attributes.empty(), in, w);
            if (b != null) {
                out = c.node("Add", Attributes.empty(), out, c.constant("bias", b));
            }
            y = new KTensor(x.spatial() ? c.node("Transpose", perm(0, 3, 1, 2), out) : out, x.rank());
        }
        return ActivationLayers.apply(c, y, ActivationLayers.name(c.config().get("activation")));
    }

    static Attributes perm(long... p) {
        return Attributes.builder().put("perm", p).build();
    }

    /** Inputs of a Conv: x, weight and the layer's bias when it has one. */
    private static String[] withBias(LayerContext c, String x, String w) {
        List<String> ins = new ArrayList<>(List.of(x, w));
        if (c.bool("use_bias", true)) {
            ins.add(c.constant("bias", c.weight("bias")));
        }
        return ins.toArray(String[]::new);
    }

    /** A convolution window from the layer's strides and dilation_rate settings. */
    static Attributes.Builder window(LayerContext c, int kh, int kw) {
        return window(c, kh, kw, c.pair("strides", new int[] {1, 1}), c.pair("dilation_rate", new int[] {1, 1}));
    }

    /**
     * kernel_shape, strides, dilations (if not null) and the layer's padding setting as ONNX
     * attributes. Keras 'same' is TF SAME: the odd pixel goes last (ONNX SAME_UPPER).
     */
    static Attributes.Builder window(LayerContext c, int kh, int kw, int[] strides, int[] dil) {
        Attributes.Builder a = Attributes.builder().put("kernel_shape", kh, (long) kw)
                .put("strides", strides[0], (long) strides[1]);
        int[] d = dil == null ? new int[] {1, 1} : dil;
        if (dil != null) {
            a.put("dilations", d[0], (long) d[1]);
        }
        String padding = c.str("padding", "valid");
        switch (padding) {
            case "valid" -> a.put("pads", 0L, 0L, 0L, 0L);
            case "same" -> {
                if (strides[0] == 1 && strides[1] == 1) {
                    // With stride 1 the padding does not depend on the input size.
                    long th = (long) (kh - 1) * d[0];
                    long tw = (long) (kw - 1) * d[1];
                    a.put("pads", th / 2, tw / 2, th - th / 2, tw - tw / 2);
                } else {
                    a.put("auto_pad", "SAME_UPPER");
                }
            }
            default -> throw c.unsupported("padding '" + padding + "' (valid and same are supported)");
        }
        return a;
    }
}
