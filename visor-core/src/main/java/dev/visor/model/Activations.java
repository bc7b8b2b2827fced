package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.visor.VisorException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The activations of one forward pass, by layer or tensor name, and the backward pass that honours
 * the request's {@link BackwardRule} and gradient leaves.
 */
public final class Activations {
    /** A place where the autograd graph was cut: rectifier outputs under a custom rule, and leaves. */
    record Cut(NDArray source, NDArray leaf, NDArray slope) {}

    private final Model model;
    private final Map<String, NDArray> values;
    private final List<Cut> cuts;
    private final BackwardRule rule;

    Activations(Model model, Map<String, NDArray> values, List<Cut> cuts, BackwardRule rule) {
        this.model = model;
        this.values = values;
        this.cuts = cuts;
        this.rule = rule;
    }

    /** The activation of a layer (layer alias, node name or tensor name). */
    public NDArray get(String layer) {
        String tensor = model.resolve(layer);
        NDArray v = values.get(tensor);
        if (v == null) {
            throw new VisorException("layer '" + layer + "' was not computed in this pass; request it in the ForwardRequest");
        }
        return v;
    }

    /** The model's first output (logits for a classifier). */
    public NDArray output() {
        return get(model.graph().outputs().get(0));
    }

    /** Every computed tensor by name (read-only). */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Back-propagates {@code score} (summed over its elements) to the input and to the requested
     * leaves, applying the backward rule at every rectifier. Grad mode must be on (a DJL
     * {@code GradientCollector} open) during the forward pass and this call.
     */
    public void backward(NDArray score) {
        NDArray seed = score.onesLike();
        boolean keep = !cuts.isEmpty();
        JniUtils.backward((PtNDArray) score, (PtNDArray) seed, keep, false);
        // Cuts are in forward order; going backwards, every consumer of a cut's leaf is done first.
        for (int i = cuts.size() - 1; i >= 0; i--) {
            Cut c = cuts.get(i);
            NDArray g = gradientOrNull(c.leaf());
            if (g == null) {
                continue;
            }
            NDArray gin = c.slope() == null ? g : rule.apply(g, c.slope());
            try {
                JniUtils.backward((PtNDArray) c.source(), (PtNDArray) gin, true, false);
            } catch (RuntimeException e) {
                // Nothing upstream of this cut requires a gradient (e.g. a constant branch).
                if (!String.valueOf(e.getMessage()).contains("does not require grad")) {
                    throw e;
                }
            }
        }
    }

    /** The gradient at a leaf layer after {@link #backward}. */
    public NDArray gradient(String layer) {
        NDArray v = get(layer);
        NDArray g = gradientOrNull(v);
        if (g == null) {
            throw new VisorException("no gradient reached layer '" + layer + "'; request it as a leaf and call backward first");
        }
        return g;
    }

    static NDArray gradientOrNull(NDArray a) {
        try {
            return JniUtils.getGradient((PtNDArray) a);
        } catch (IllegalStateException | NullPointerException e) {
            return null;
        }
    }
}
