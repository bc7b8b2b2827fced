package dev.visor.io.keras;

import dev.visor.model.Attributes;
import java.util.Map;

/**
 * Layers that work on the spatial axes of images: max/average and global pooling, ZeroPadding2D
 * (Pad), Cropping2D (Slice) and UpSampling2D (Resize).
 */
final class SpatialLayers {
    private SpatialLayers() {}

    static void register(Map<String, LayerConverter> r) {
        for (String n : new String[] {"MaxPooling2D", "MaxPool2D"}) {
            r.put(n, c -> pool(c, "MaxPool"));
        }
        for (String n : new String[] {"AveragePooling2D", "AvgPool2D"}) {
            r.put(n, c -> pool(c, "AveragePool"));
        }
        for (String n : new String[] {"GlobalAveragePooling2D", "GlobalAvgPool2D"}) {
            r.put(n, c -> global(c, "GlobalAveragePool"));
        }
        for (String n : new String[] {"GlobalMaxPooling2D", "GlobalMaxPool2D"}) {
            r.put(n, c -> global(c, "GlobalMaxPool"));
        }
        r.put("ZeroPadding2D", SpatialLayers::zeroPad);
        r.put("Cropping2D", SpatialLayers::crop);
        r.put("UpSampling2D", SpatialLayers::upsample);
    }

    private static KTensor pool(LayerContext c, String op) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        int[] size = c.pair("pool_size", new int[] {2, 2});
        // Keras strides default to the pool size; ONNX's would be 1.
        int[] strides = c.pair("strides", size);
        Attributes.Builder a = ConvLayers.window(c, size[0], size[1], strides, null);
        if (op.equals("AveragePool")) {
            a.put("count_include_pad", 0L); // Keras 'same' average pooling ignores the padding.
        }
        return c.node(3, op, a.build(), x.name());
    }

    private static KTensor global(LayerContext c, String op) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        KTensor y = c.node(3, op, Attributes.empty(), x.name());
        if (c.bool("keepdims", false)) {
            return y;
        }
        return c.node(1, "Flatten", Attributes.builder().put("axis", 1L).build(), y.name());
    }

    private static KTensor zeroPad(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        long[] m = c.margins("padding");
        String pads = c.longs("pads", 0, 0, m[0], m[1], 0, 0, m[2], m[3]);
        return c.node(3, "Pad", Attributes.builder().put("mode", "constant").build(), x.name(), pads);
    }

    private static KTensor crop(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        long[] m = c.margins("cropping");
        long endH = m[2] == 0 ? Long.MAX_VALUE : -m[2];
        long endW = m[3] == 0 ? Long.MAX_VALUE : -m[3];
        return c.node(3, "Slice", Attributes.empty(), x.name(), c.longs("starts", m[0], m[1]), c.longs("ends", endH, endW),
                c.longs("axes", 2, 3));
    }

    private static KTensor upsample(LayerContext c) {
        c.requireChannelsLast();
        KTensor x = c.spatialInput();
        int[] s = c.pair("size", new int[] {2, 2});
        String interp = c.str("interpolation", "nearest");
        Attributes a = switch (interp) {
            case "nearest" -> Attributes.builder().put("mode", "nearest").put("coordinate_transformation_mode", "asymmetric")
                    .put("nearest_mode", "floor").build();
            // tf.keras (TF 2) resizes with half-pixel centres.
            case "bilinear" -> Attributes.builder().put("mode", "linear").put("coordinate_transformation_mode", "half_pixel")
                    .build();
            default -> throw c.unsupported("interpolation '" + interp + "' (nearest and bilinear are supported)");
        };
        return c.node(3, "Resize", a, x.name(), "", c.constant("scales", new float[] {1, 1, s[0], s[1]}, 4));
    }
}
