package dev.visor.optvis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.visor.VisorException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every knob of an activation-maximisation render, as a preset sets it and flags override it;
 * written into every sidecar so a render can be reproduced. {@link Presets} holds the published
 * recipes; {@link RenderPlan} turns settings into the renderer's parts.
 *
 * @param preset            the preset these settings started from
 * @param parameterization  {@code fourier}, {@code pixel} (raw, clipped to range) or {@code pixel-sigmoid}
 * @param size              image height = width in pixels; 0 means the model's input size
 * @param steps             optimisation steps
 * @param optimizer         {@code adam}, {@code sgd} or {@code normalized}
 * @param learningRate      the learning rate at the first step, in [0, 1] image units
 * @param learningRateEnd   the rate at the last step (linear schedule); negative means constant
 * @param momentum          SGD momentum
 * @param initStd           standard deviation of the starting noise (spectrum or pixels)
 * @param pad               transform: padding in pixels
 * @param jitter            transform: first jitter in pixels
 * @param scaleMin          transform: smallest random scale
 * @param scaleMax          transform: largest random scale
 * @param rotate            transform: largest random rotation in degrees
 * @param jitter2           transform: last jitter in pixels
 * @param decay             pixel op: L2 decay towards grey per step
 * @param blurSigma         pixel op: Gaussian blur sigma in pixels (0: none)
 * @param blurEvery         pixel op: blur every this many steps
 * @param clipNormPercentile         pixel op: reset pixels with norm below this percentile (0: none)
 * @param clipContributionPercentile pixel op: reset pixels with contribution below this percentile (0: none)
 * @param tvDenoise         pixel op: TV-denoise weight per step (0: none)
 * @param diversity         weight of the diversity term (subtracted) at {@code diversityLayer}
 * @param diversityLayer    layer of the diversity term; empty means the objective's first layer
 * @param tvWeight          weight of the TV penalty subtracted from the objective
 * @param l1Weight          weight of the L1 penalty subtracted from the objective
 */
public record RenderSettings(String preset, String parameterization, int size, int steps, String optimizer,
                             double learningRate, double learningRateEnd, double momentum, double initStd,
                             int pad, int jitter, double scaleMin, double scaleMax, int rotate, int jitter2,
                             double decay, double blurSigma, int blurEvery, double clipNormPercentile,
                             double clipContributionPercentile, double tvDenoise, double diversity, String diversityLayer,
                             double tvWeight, double l1Weight) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** These settings with some values replaced (keys are the component names, e.g. {@code steps}). */
    public RenderSettings with(Map<String, ?> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Object> m = new LinkedHashMap<>(asMap());
        m.putAll(overrides);
        try {
            return JSON.convertValue(m, RenderSettings.class);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof UnrecognizedPropertyException u) {
                throw new VisorException("unknown render setting '" + u.getPropertyName() + "'; known: "
                        + String.join(", ", new TreeSet<>(asMap().keySet())));
            }
            throw new VisorException("bad render setting value: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** These settings with one value replaced. */
    public RenderSettings with(String key, Object value) {
        return with(Map.of(key, value));
    }

    /** The settings as a name → value map (the sidecar form). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return JSON.convertValue(this, LinkedHashMap.class);
    }
}
