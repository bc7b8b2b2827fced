package dev.visor.attribution;

import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The projections of a score back to pixels (REFERENCE.md §5). */
public enum AttributionMethod {
    /** Simonyan et al. 2013: |∂score/∂x|, maximum over colour channels; an (H, W) map ≥ 0. */
    SALIENCY("saliency", false),
    /** Springenberg et al. 2015: the input gradient under the guided rectifier rule; signed (C, H, W). */
    GUIDED_BACKPROP("guided", true),
    /** Zeiler and Fergus 2014: the input gradient under the DeconvNet rectifier rule; signed (C, H, W). */
    DECONVNET("deconvnet", true),
    /** Selvaraju et al. 2017: ReLU(Σ_k w_k·A_k) at a layer, upsampled bilinearly; an (H, W) map ≥ 0. */
    GRAD_CAM("gradcam", false),
    /** Guided backprop times the Grad-CAM map; signed (C, H, W). */
    GUIDED_GRAD_CAM("guided-gradcam", true);

    private final String key;
    private final boolean signed;

    AttributionMethod(String key, boolean signed) {
        this.key = key;
        this.signed = signed;
    }

    /** The short name used on the command line and in file names. */
    public String key() {
        return key;
    }

    /** True for signed per-channel maps (shown as a signed-gradient image), false for heatmaps. */
    public boolean signed() {
        return signed;
    }

    /** A method by its short name (a few spellings accepted); a one-line error listing the valid names. */
    public static AttributionMethod parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "saliency", "gradient" -> SALIENCY;
            case "guided", "guided-backprop", "guidedbackprop" -> GUIDED_BACKPROP;
            case "deconvnet", "deconv" -> DECONVNET;
            case "gradcam", "grad-cam" -> GRAD_CAM;
            case "guided-gradcam", "guided-grad-cam", "guidedgradcam" -> GUIDED_GRAD_CAM;
            default -> throw new VisorException("unknown attribution method '" + name.trim() + "'; valid: "
                    + Arrays.stream(values()).map(AttributionMethod::key).collect(Collectors.joining(", ")));
        };
    }

    /** Methods from a comma-separated list, duplicates dropped, in the order given. */
    public static List<AttributionMethod> parseList(String csv) {
        List<AttributionMethod> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            AttributionMethod m = parse(part);
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            throw new VisorException("no attribution method given; valid: "
                    + Arrays.stream(values()).map(AttributionMethod::key).collect(Collectors.joining(", ")));
        }
        return out;
    }
}
