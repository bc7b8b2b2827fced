package dev.visor.io.onnx;

import dev.visor.VisorException;
import dev.visor.model.InputSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input spec and labels of an ONNX model. The input shape gives channels and size (an image input
 * is NCHW with 1 or 3 channels; anything else gets a nominal 3×224×224 spec so that non-image graphs
 * still load and run through {@code Model.run}). Values default to [0, 1] without mean/std; the model's
 * {@code metadata_props} may say otherwise with these keys (the exporter writes them):
 * <ul>
 *   <li>{@code visor.range_min}, {@code visor.range_max}: value of a black / white pixel</li>
 *   <li>{@code visor.mean}, {@code visor.std}: per-channel values, comma-separated</li>
 *   <li>{@code visor.bgr}: {@code true} if the model wants BGR order</li>
 *   <li>{@code visor.labels}: class names, one a line</li>
 * </ul>
 */
public final class OnnxMetadata {
    /** Metadata key names. */
    public static final String RANGE_MIN = "visor.range_min";
    /** Metadata key names. */
    public static final String RANGE_MAX = "visor.range_max";
    /** Metadata key names. */
    public static final String MEAN = "visor.mean";
    /** Metadata key names. */
    public static final String STD = "visor.std";
    /** Metadata key names. */
    public static final String BGR = "visor.bgr";
    /** Metadata key names. */
    public static final String LABELS = "visor.labels";

    private OnnxMetadata() {}

    /** The input spec from the input shape ({-1 for free dims}) and metadata. */
    static InputSpec inputSpec(long[] shape, Map<String, String> meta, String source) {
        if (shape.length == 2 && shape[1] > 0 && shape[1] <= Integer.MAX_VALUE) {
            return InputSpec.vector((int) shape[1]); // a code vector (a generator's latent input)
        }
        int channels = 3;
        int h = 224;
        int w = 224;
        if (shape.length == 4 && (shape[1] == 1 || shape[1] == 3)) {
            channels = (int) shape[1];
            h = shape[2] > 0 ? (int) shape[2] : h;
            w = shape[3] > 0 ? (int) shape[3] : w;
        }
        try {
            float lo = meta.containsKey(RANGE_MIN) ? Float.parseFloat(meta.get(RANGE_MIN).strip()) : 0f;
            float hi = meta.containsKey(RANGE_MAX) ? Float.parseFloat(meta.get(RANGE_MAX).strip()) : 1f;
            float[] mean = meta.containsKey(MEAN) ? floats(meta.get(MEAN)) : null;
            float[] std = meta.containsKey(STD) ? floats(meta.get(STD)) : null;
            boolean bgr = Boolean.parseBoolean(meta.getOrDefault(BGR, "false").strip());
            return new InputSpec(channels, h, w, lo, hi, mean, std, bgr, "NCHW");
        } catch (NumberFormatException e) {
            throw new VisorException("bad visor.* metadata value in " + source + ": " + e.getMessage(), e);
        }
    }

    /** Class names from metadata (empty when absent). */
    static List<String> labels(Map<String, String> meta) {
        String l = meta.get(LABELS);
        if (l == null) {
            return List.of();
        }
        return new ArrayList<>(l.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Metadata that records an input spec and labels. */
    static Map<String, String> write(InputSpec s, List<String> labels) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RANGE_MIN, Float.toString(s.rangeMin()));
        m.put(RANGE_MAX, Float.toString(s.rangeMax()));
        m.put(MEAN, join(s.mean()));
        m.put(STD, join(s.std()));
        m.put(BGR, Boolean.toString(s.bgr()));
        if (!labels.isEmpty()) {
            m.put(LABELS, String.join("\n", labels));
        }
        return m;
    }

    private static float[] floats(String s) {
        String[] parts = s.split(",");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(parts[i].strip());
        }
        return f;
    }

    private static String join(float[] f) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < f.length; i++) {
            b.append(i == 0 ? "" : ",").append(f[i]);
        }
        return b.toString();
    }

    static String describe(float[] f) {
        return Arrays.toString(f);
    }
}
