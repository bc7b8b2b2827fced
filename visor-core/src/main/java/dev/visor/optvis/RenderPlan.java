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
     * The steps one run of the renderer covers within a render of several octaves.
     *
     * @param first the global index of the run's first step
     * @param steps the run's steps
     * @param total all steps of the render
     */
    public record Span(int first, int steps, int total) {
        /** One run covering the whole render. */
        public static Span whole(int steps) {
            return new Span(0, steps, steps);
        }

        /** Octave {@code o} of {@code octaves}: the steps split evenly. */
        public static Span octave(int o, int octaves, int total) {
            int a = (int) ((long) total * o / octaves);
            int b = (int) ((long) total * (o + 1) / octaves);
            return new Span(a, b - a, total);
        }
    }

    /**
     * A renderer configured by the settings. The caller owns {@code param} (close it afterwards).
     *
     * @param unit the objective whose value is reported at start and end (penalties excluded)
     */
    public static Renderer renderer(RenderSettings s, Model model, Objective unit, Parameterization param) {
        return renderer(s, model, unit, param, Span.whole(s.steps()));
    }

    /**
     * A renderer for the steps {@code span} of a render (one octave): the settings' transforms with
     * the centre-biased crops first (their spread at the span's place in the whole schedule), and
     * the gradient window before the step from global step {@code centerUntil}·total on.
     */
    public static Renderer renderer(RenderSettings s, Model model, Objective unit, Parameterization param, Span span) {
        List<dev.visor.optvis.transform.Transform> transforms = new ArrayList<>();
        int side = (int) param.imageShape().get(2);
        int until = (int) Math.round(s.centerUntil() * span.total());
        if (s.centerCrop() > 0 && span.first() < until) {
            int crop = Math.max(1, (int) Math.round(s.centerCrop() * side));
            double sigma0 = s.centerSpread() * side;
            double from = sigma0 * (1 - span.first() / (double) until);
            int localUntil = Math.min(span.steps(), until - span.first());
            double to = sigma0 * (1 - (span.first() + Math.max(0, localUntil - 1)) / (double) until);
            transforms.add(new dev.visor.optvis.transform.CenterBiasedCrop(crop, crop, from, to, localUntil));
        }
        transforms.addAll(Transforms.standard(s.pad(), s.jitter(), s.scaleMin(), s.scaleMax(), s.rotate(), s.jitter2()));
        List<ImageOp> ops = new ArrayList<>();
        if (s.windowMargin() > 0) {
            int margin = (int) Math.round(s.windowMargin() * side);
            ops.add(new dev.visor.optvis.step.GradientWindow(margin, Math.max(0, until - span.first())));
        }
        ops.addAll(imageOps(s, model));
        return Renderer.on(model).objective(withTerms(unit, s)).measure(unit).parameterization(param)
                .transforms(transforms).stepRule(stepRule(s)).imageOps(ops).steps(span.steps());
    }
}
