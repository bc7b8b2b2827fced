package dev.visor.attribution;

import dev.visor.optvis.objective.Objective;
import java.util.List;

/**
 * What to attribute: the methods, the score and the Grad-CAM layer.
 *
 * @param methods the methods, in output order
 * @param target  the score whose gradient is projected, one value per image; null for the logit of each
 *                image's top-1 class
 * @param layer   the Grad-CAM layer; null for the last layer with a spatial activation below the target
 */
public record Attribution(List<AttributionMethod> methods, Objective target, String layer) {
    /** Copies the list. */
    public Attribution {
        methods = List.copyOf(methods);
    }

    /** The default methods (saliency, guided backprop, DeconvNet, Grad-CAM) on the top-1 class logit. */
    public static Attribution defaults() {
        return new Attribution(List.of(AttributionMethod.SALIENCY, AttributionMethod.GUIDED_BACKPROP,
                AttributionMethod.DECONVNET, AttributionMethod.GRAD_CAM), null, null);
    }

    /** The same settings with other methods. */
    public Attribution withMethods(List<AttributionMethod> m) {
        return new Attribution(m, target, layer);
    }
}
