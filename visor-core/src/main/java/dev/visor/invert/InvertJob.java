package dev.visor.invert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderPlan;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.FeatureMatch;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.NormPenalty;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.optvis.param.Parameterization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code invert} job: for each layer, one reconstruction of an image from that layer's features, a
 * configuration of the shared {@link dev.visor.optvis.Renderer} (objective: {@link FeatureMatch} minus the
 * {@link NormPenalty} priors; everything else from the recipe). Each layer's render draws from
 * {@code RunRandom.derive(seed, layer)}, so a layer's result does not depend on the other layers asked for.
 */
public final class InvertJob {
    private InvertJob() {}

    /**
     * One layer's reconstruction.
     *
     * @param layer         the layer inverted
     * @param image         (1, C, H, W) in [0, 1], in the caller's manager
     * @param relativeError final ‖Φ(x*) − Φ0‖²/‖Φ0‖² on the untransformed image
     * @param startError    the same on the starting noise
     * @param correlation   Pearson correlation of x* with the original image over all pixel values
     * @param tvWeight      λ_TV used
     * @param steps         steps run
     * @param seconds       wall time of the render
     */
    public record Layer(String layer, NDArray image, double relativeError, double startError, double correlation,
                        double tvWeight, int steps, double seconds) {}

    /** What an inversion produced: the original and one reconstruction per layer, in the settings' order. */
    public record Result(NDArray original, List<Layer> layers, InvertSettings settings) {}

    /**
     * Runs the inversion.
     *
     * @param original (1, C, H, W) in [0, 1] at the model's input size; results live in its manager
     */
    public static Result run(Model model, NDArray original, InvertSettings s, RenderListener listener) {
        ModelShapes shapes = new ModelShapes(model);
        List<String> all = model.layerNames();
        for (String l : s.layers()) {
            shapes.shape(l);
        }
        RenderSettings recipe = s.recipe();
        List<Layer> out = new ArrayList<>();
        NDManager parent = original.getManager();
        for (String layer : s.layers()) {
            try (NDManager m = parent.newSubManager()) {
                NDArray phi0 = target(model, original, layer, m);
                FeatureMatch match = new FeatureMatch(Map.of(layer, phi0), FeatureMatch.Mode.MATCH);
                FeatureMatch data = s.caricature() ? Objectives.caricature(Map.of(layer, phi0)) : match;
                double tv = s.tvWeightAt(all.indexOf(layer), all.size());
                Objective objective = objective(data, s, tv, dev.visor.optvis.RenderPlan.centre(model));
                RunRandom random = new RunRandom(RunRandom.derive(s.seed(), layer));
                try (Parameterization param = RenderPlan.parameterization(recipe, model, 1, random, m)) {
                    RenderResult r = RenderPlan.renderer(recipe, model, match, param).objective(RenderPlan.withTerms(objective, recipe))
                            .listener(listener).skipValidation().run(random, m);
                    NDArray image = r.image().duplicate();
                    image.attach(parent);
                    out.add(new Layer(layer, image, -r.measureEnd()[0], -r.measureStart()[0], correlation(image, original),
                            tv, r.steps(), r.seconds()));
                }
            }
        }
        return new Result(original, out, s);
    }

    /**
     * The optimised objective: data term − λ_α·R_α − λ_TV·TV_β (Mahendran and Vedaldi's energy, negated
     * for ascent).
     */
    static Objective objective(FeatureMatch data, InvertSettings s, double tvWeight, double centre) {
        Objective o = data;
        if (s.alphaWeight() > 0) {
            o = o.minus(NormPenalty.alphaNorm(s.alpha(), centre, 255).times(s.alphaWeight()));
        }
        if (tvWeight > 0) {
            o = o.minus(NormPenalty.tvBeta(s.beta()).times(tvWeight));
        }
        return o;
    }

    /** Φ0: the layer's activation for the original, detached, in {@code m}. */
    static NDArray target(Model model, NDArray original, String layer, NDManager m) {
        NDArray x = original.duplicate();
        x.attach(m);
        Activations a = model.forward(model.inputSpec().toModel(x), ForwardRequest.of(List.of(layer)));
        NDArray phi0 = a.get(layer).stopGradient().duplicate();
        phi0.attach(m);
        if (phi0.getShape().get(0) != 1) {
            throw new VisorException("inversion takes one image; got a batch of " + phi0.getShape().get(0));
        }
        return phi0;
    }

    /** The relative feature error of an image at a layer (no gradients). */
    public static double relativeError(Model model, NDArray image, FeatureMatch match, String layer) {
        try (NDManager m = image.getManager().newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(m);
            Activations a = model.forward(model.inputSpec().toModel(x), ForwardRequest.of(List.of(layer)));
            return match.relativeError(new Evaluation(a, x), layer)[0];
        }
    }

    /** Pearson correlation of two images over all their values. */
    static double correlation(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
