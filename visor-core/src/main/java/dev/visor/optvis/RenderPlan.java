package dev.visor.optvis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.optvis.param.ParameterizationKind;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.step.ClipRange;
import dev.visor.optvis.step.GaussianBlurEvery;
import dev.visor.optvis.step.ImageOp;
import dev.visor.optvis.step.L2Decay;
import dev.visor.optvis.step.PercentileClip;
import dev.visor.optvis.step.StepRule;
import dev.visor.optvis.step.StepRuleKind;
import dev.visor.optvis.step.TvDenoise;
import dev.visor.optvis.transform.Transforms;
import java.util.ArrayList;
import java.util.List;

/** Turns {@link RenderSettings} into a configured {@link Renderer}: the one place presets become parts. */
public final class RenderPlan {
    private RenderPlan() {}

    /** The image side in pixels: the setting, or the model's input height. */
    public static int size(RenderSettings s, Model model) {
        return s.size() > 0 ? s.size() : model.inputSpec().height();
    }

    /** The grey level pixels start from and decay towards: the model's mean pixel when it normalises, else 0.5. */
    public static float centre(Model model) {
        InputSpec spec = model.inputSpec();
        float sum = 0;
        boolean normalises = false;
        for (int c = 0; c < spec.channels(); c++) {
            normalises |= spec.mean()[c] != 0f;
            sum += (spec.mean()[c] - spec.rangeMin()) / (spec.rangeMax() - spec.rangeMin());
        }
        float mean = sum / spec.channels();
        return normalises && mean > 0.05f && mean < 0.95f ? mean : 0.5f;
    }

    /** The objective with the settings' penalty and diversity terms subtracted. */
    public static Objective withTerms(Objective objective, RenderSettings s) {
        Objective o = objective;
        if (s.diversity() != 0) {
            String layer = s.diversityLayer().isEmpty() ? objective.layers().stream().findFirst()
                    .orElseThrow(() -> new VisorException("diversity needs a layer: set diversityLayer")) : s.diversityLayer();
            o = o.minus(Objectives.diversity(layer).times(s.diversity()));
        }
        if (s.tvWeight() != 0) {
            o = o.minus(Objectives.penalty(dev.visor.optvis.objective.ImagePenalty.Kind.TV).times(s.tvWeight()));
        }
        if (s.l1Weight() != 0) {
            o = o.minus(Objectives.penalty(dev.visor.optvis.objective.ImagePenalty.Kind.L1).times(s.l1Weight()));
        }
        return o;
    }

    /** A new parameterisation for a batch (close it after the render). */
    public static Parameterization parameterization(RenderSettings s, Model model, int batch, RunRandom random, NDManager parent) {
        int size = size(s, model);
        Shape shape = new Shape(batch, model.inputSpec().channels(), size, size);
        return ParameterizationKind.registry().get(s.parameterization()).create(s, model, shape, random, parent);
    }

    /** The step rule. */
    public static StepRule stepRule(RenderSettings s) {
        return StepRuleKind.registry().get(s.optimizer()).create(s);
    }

    /** The per-step pixel operations (pixel parameterisation only). */
    public static List<ImageOp> imageOps(RenderSettings s, Model model) {
        List<ImageOp> ops = new ArrayList<>();
        if (!ParameterizationKind.registry().get(s.parameterization()).rawPixels()) {
            if (s.decay() != 0 || s.blurSigma() != 0 || s.clipNormPercentile() != 0 || s.clipContributionPercentile() != 0
                    || s.tvDenoise() != 0) {
                throw new VisorException("decay, blur, clipping and TV denoise work on raw pixels; set parameterization to pixel");
            }
            return ops;
        }
        float c = centre(model);
        if (s.decay() != 0) {
            ops.add(new L2Decay((float) s.decay(), c));
        }
        if (s.blurSigma() > 0) {
            ops.add(new GaussianBlurEvery(s.blurSigma(), Math.max(1, s.blurEvery())));
        }
        if (s.clipNormPercentile() > 0) {
            ops.add(new PercentileClip(PercentileClip.Score.NORM, s.clipNormPercentile(), c));
        }
        if (s.clipContributionPercentile() > 0) {
            ops.add(new PercentileClip(PercentileClip.Score.CONTRIBUTION, s.clipContributionPercentile(), c));
        }
        if (s.tvDenoise() > 0) {
            ops.add(new TvDenoise((float) s.tvDenoise(), 10));
        }
        ops.add(new ClipRange(0f, 1f));
        return ops;
    }

    /**
     * A renderer configured by the settings. The caller owns {@code param} (close it afterwards).
     *
     * @param unit the objective whose value is reported at start and end (penalties excluded)
     */
    public static Renderer renderer(RenderSettings s, Model model, Objective unit, Parameterization param) {
        return Renderer.on(model).objective(withTerms(unit, s)).measure(unit).parameterization(param)
                .transforms(Transforms.standard(s.pad(), s.jitter(), s.scaleMin(), s.scaleMax(), s.rotate(), s.jitter2()))
                .stepRule(stepRule(s)).imageOps(imageOps(s, model)).steps(s.steps());
    }
}
