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
 * <p>Build settings by name, never by position: {@code RenderSettings.builder().steps(256).size(64).build()}
 * starts from {@link #builder()}'s defaults (Olah et al. 2017 / Lucid's {@code render_vis}: Fourier image,
 * Adam 0.05, 512 steps, 128 px, pad 12, jitter 8, scale 0.9–1.1, rotate ±10°, jitter 4), and
 * {@code preset.toBuilder()} or {@link #with(Map)} change a few values of a preset. The names and
 * optimizers are resolved through {@link dev.visor.optvis.param.ParameterizationKind#registry()} and
 * {@link dev.visor.optvis.step.StepRuleKind#registry()}. Out-of-range values are refused when the record
 * is made, in one line naming the setting and its range.
 *
 * @param preset            the preset these settings started from
 * @param parameterization  a {@link dev.visor.optvis.param.ParameterizationKind} name: {@code fourier}, {@code pixel}
 *                          (raw, clipped to range) or {@code pixel-sigmoid}
 * @param size              image height = width in pixels; 0 means the model's input size
 * @param steps             optimisation steps
 * @param optimizer         a {@link dev.visor.optvis.step.StepRuleKind} name: {@code adam}, {@code sgd} or {@code normalized}
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
 * @param centerCrop        multifaceted FV's centre bias, early steps: each step sees a crop of this fraction of the
 *                          canvas side (0: none), offset from the centre by N(0, spread²) with the spread shrinking
 *                          linearly from {@code centerSpread}·side to 0 at step {@code centerUntil}·steps
 * @param centerSpread      the crops' starting spread, as a fraction of the canvas side
 * @param centerUntil       the fraction of all steps (over all octaves) with centre-biased crops; the gradient
 *                          window (if any) takes over from there
 * @param windowMargin      multifaceted FV's centre bias, later steps: the gradient is zeroed within this fraction of
 *                          the canvas side from the border (Nguyen et al.: 50 px at 227 px, 0.22; 0: none)
 * @param octaves           renders in this many octaves, the canvas upscaled by {@code octaveScale} between them and the
 *                          steps split evenly (1: one plain run)
 * @param octaveScale       the canvas upscaling per octave (Nguyen et al.: 1.2)
 * @param learningRateDrop      step schedule: the rate is multiplied by this every {@code learningRateDropEvery} steps
 * @param learningRateDropEvery step schedule: steps between drops (0: no drops)
 */
public record RenderSettings(String preset, String parameterization, int size, int steps, String optimizer,
                             double learningRate, double learningRateEnd, double momentum, double initStd,
                             int pad, int jitter, double scaleMin, double scaleMax, int rotate, int jitter2,
                             double decay, double blurSigma, int blurEvery, double clipNormPercentile,
                             double clipContributionPercentile, double tvDenoise, double diversity, String diversityLayer,
                             double tvWeight, double l1Weight, double centerCrop, double centerSpread, double centerUntil,
                             double windowMargin, int octaves, double octaveScale, double learningRateDrop,
                             int learningRateDropEvery) {
    /** Largest image side a render accepts. */
    public static final int MAX_SIZE = 2048;
    /** Largest number of steps a render accepts. */
    public static final int MAX_STEPS = 100_000;

    /** Checks every value against its range (one-line errors naming the setting). */
    public RenderSettings {
        preset = preset == null ? "custom" : preset;
        diversityLayer = diversityLayer == null ? "" : diversityLayer;
        check(size >= 0 && size <= MAX_SIZE, "size", size, "0 (the model's input size) to " + MAX_SIZE + " pixels");
        check(steps >= 0 && steps <= MAX_STEPS, "steps", steps, "0 to " + MAX_STEPS);
        check(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "a positive number");
        check(learningRateEnd < 0 || Double.isFinite(learningRateEnd), "learningRateEnd", learningRateEnd,
                "a finite number (negative: constant rate)");
        check(momentum >= 0 && momentum < 1, "momentum", momentum, "0 to below 1");
        check(initStd >= 0 && initStd <= 10, "initStd", initStd, "0 to 10");
        check(pad >= 0 && pad <= 256, "pad", pad, "0 to 256 pixels");
        check(jitter >= 0 && jitter <= 256, "jitter", jitter, "0 to 256 pixels");
        check(jitter2 >= 0 && jitter2 <= 256, "jitter2", jitter2, "0 to 256 pixels");
        check(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 8, "scaleMin/scaleMax", scaleMin + ".." + scaleMax,
                "0 < scaleMin <= scaleMax <= 8");
        check(rotate >= 0 && rotate <= 180, "rotate", rotate, "0 to 180 degrees");
        check(decay >= 0 && decay < 1, "decay", decay, "0 to below 1");
        check(blurSigma >= 0 && blurSigma <= 64, "blurSigma", blurSigma, "0 to 64 pixels");
        check(blurEvery >= 0, "blurEvery", blurEvery, "0 or more steps");
        check(clipNormPercentile >= 0 && clipNormPercentile < 100, "clipNormPercentile", clipNormPercentile, "0 to below 100");
        check(clipContributionPercentile >= 0 && clipContributionPercentile < 100, "clipContributionPercentile",
                clipContributionPercentile, "0 to below 100");
        check(centerCrop >= 0 && centerCrop <= 1, "centerCrop", centerCrop, "0 (none) to 1 (the whole canvas)");
        check(centerSpread >= 0 && centerSpread <= 1, "centerSpread", centerSpread, "0 to 1 (fraction of the canvas side)");
        check(centerUntil >= 0 && centerUntil <= 1, "centerUntil", centerUntil, "0 to 1 (fraction of the steps)");
        check(windowMargin >= 0 && windowMargin < 0.5, "windowMargin", windowMargin, "0 (none) to below 0.5 of the canvas side");
        check(octaves >= 1 && octaves <= 16, "octaves", octaves, "1 to 16");
        check(octaveScale >= 1 && octaveScale <= 4, "octaveScale", octaveScale, "1 to 4");
        check(learningRateDrop > 0 && learningRateDrop <= 1, "learningRateDrop", learningRateDrop, "above 0 to 1");
        check(learningRateDropEvery >= 0, "learningRateDropEvery", learningRateDropEvery, "0 (no drops) or more steps");
        check(learningRateDropEvery == 0 || learningRateEnd < 0, "learningRateEnd", learningRateEnd,
                "a negative value (constant) when learningRateDropEvery sets a step schedule");
        for (double v : new double[] {tvDenoise, diversity, tvWeight, l1Weight}) {
            check(Double.isFinite(v), "penalty weight", v, "a finite number");
        }
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new VisorException("render setting " + name + " = " + value + " is out of range; use " + range);
        }
    }

    /** A builder holding the defaults (Lucid's recipe, see the class comment). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.preset = preset;
        b.parameterization = parameterization;
        b.size = size;
        b.steps = steps;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.learningRateEnd = learningRateEnd;
        b.momentum = momentum;
        b.initStd = initStd;
        b.pad = pad;
        b.jitter = jitter;
        b.scaleMin = scaleMin;
        b.scaleMax = scaleMax;
        b.rotate = rotate;
        b.jitter2 = jitter2;
        b.decay = decay;
        b.blurSigma = blurSigma;
        b.blurEvery = blurEvery;
        b.clipNormPercentile = clipNormPercentile;
        b.clipContributionPercentile = clipContributionPercentile;
        b.tvDenoise = tvDenoise;
        b.diversity = diversity;
        b.diversityLayer = diversityLayer;
        b.tvWeight = tvWeight;
        b.l1Weight = l1Weight;
        b.centerCrop = centerCrop;
        b.centerSpread = centerSpread;
        b.centerUntil = centerUntil;
        b.windowMargin = windowMargin;
        b.octaves = octaves;
        b.octaveScale = octaveScale;
        b.learningRateDrop = learningRateDrop;
        b.learningRateDropEvery = learningRateDropEvery;
        return b;
    }

    /** Named construction of {@link RenderSettings}; each setter's meaning is the record component's. */
    public static final class Builder {
        private String preset = "custom";
        private String parameterization = "fourier";
        private int size = 128;
        private int steps = 512;
        private String optimizer = "adam";
        private double learningRate = 0.05;
        private double learningRateEnd = -1;
        private double momentum = 0;
        private double initStd = 0.01;
        private int pad = 12;
        private int jitter = 8;
        private double scaleMin = 0.9;
        private double scaleMax = 1.1;
        private int rotate = 10;
        private int jitter2 = 4;
        private double decay = 0;
        private double blurSigma = 0;
        private int blurEvery = 0;
        private double clipNormPercentile = 0;
        private double clipContributionPercentile = 0;
        private double tvDenoise = 0;
        private double diversity = 0;
        private String diversityLayer = "";
        private double tvWeight = 0;
        private double l1Weight = 0;
        private double centerCrop = 0;
        private double centerSpread = 0;
        private double centerUntil = 0;
        private double windowMargin = 0;
        private int octaves = 1;
        private double octaveScale = 1.2;
        private double learningRateDrop = 1;
        private int learningRateDropEvery = 0;

        private Builder() {}

        /** Sets {@code preset}. */
        public Builder preset(String v) {
            this.preset = v;
            return this;
        }

        /** Sets {@code parameterization}. */
        public Builder parameterization(String v) {
            this.parameterization = v;
            return this;
        }

        /** Sets {@code size}. */
        public Builder size(int v) {
            this.size = v;
            return this;
        }

        /** Sets {@code steps}. */
        public Builder steps(int v) {
            this.steps = v;
            return this;
        }

        /** Sets {@code optimizer}. */
        public Builder optimizer(String v) {
            this.optimizer = v;
            return this;
        }

        /** Sets {@code learningRate}. */
        public Builder learningRate(double v) {
            this.learningRate = v;
            return this;
        }

        /** Sets {@code learningRateEnd}. */
        public Builder learningRateEnd(double v) {
            this.learningRateEnd = v;
            return this;
        }

        /** Sets {@code momentum}. */
        public Builder momentum(double v) {
            this.momentum = v;
            return this;
        }

        /** Sets {@code initStd}. */
        public Builder initStd(double v) {
            this.initStd = v;
            return this;
        }

        /** Sets {@code pad}. */
        public Builder pad(int v) {
            this.pad = v;
            return this;
        }

        /** Sets {@code jitter}. */
        public Builder jitter(int v) {
            this.jitter = v;
            return this;
        }

        /** Sets {@code scaleMin}. */
        public Builder scaleMin(double v) {
            this.scaleMin = v;
            return this;
        }

        /** Sets {@code scaleMax}. */
        public Builder scaleMax(double v) {
            this.scaleMax = v;
            return this;
        }

        /** Sets {@code rotate}. */
        public Builder rotate(int v) {
            this.rotate = v;
            return this;
        }

        /** Sets {@code jitter2}. */
        public Builder jitter2(int v) {
            this.jitter2 = v;
            return this;
        }

        /** Sets {@code decay}. */
        public Builder decay(double v) {
            this.decay = v;
            return this;
        }

        /** Sets {@code blurSigma}. */
        public Builder blurSigma(double v) {
            this.blurSigma = v;
            return this;
        }

        /** Sets {@code blurEvery}. */
        public Builder blurEvery(int v) {
            this.blurEvery = v;
            return this;
        }

        /** Sets {@code clipNormPercentile}. */
        public Builder clipNormPercentile(double v) {
            this.clipNormPercentile = v;
            return this;
        }

        /** Sets {@code clipContributionPercentile}. */
        public Builder clipContributionPercentile(double v) {
            this.clipContributionPercentile = v;
            return this;
        }

        /** Sets {@code tvDenoise}. */
        public Builder tvDenoise(double v) {
            this.tvDenoise = v;
            return this;
        }

        /** Sets {@code diversity}. */
        public Builder diversity(double v) {
            this.diversity = v;
            return this;
        }

        /** Sets {@code diversityLayer}. */
        public Builder diversityLayer(String v) {
            this.diversityLayer = v;
            return this;
        }

        /** Sets {@code tvWeight}. */
        public Builder tvWeight(double v) {
            this.tvWeight = v;
            return this;
        }

        /** Sets {@code l1Weight}. */
        public Builder l1Weight(double v) {
            this.l1Weight = v;
            return this;
        }

        /** Sets {@code centerCrop}. */
        public Builder centerCrop(double v) {
            this.centerCrop = v;
            return this;
        }

        /** Sets {@code centerSpread}. */
        public Builder centerSpread(double v) {
            this.centerSpread = v;
            return this;
        }

        /** Sets {@code centerUntil}. */
        public Builder centerUntil(double v) {
            this.centerUntil = v;
            return this;
        }

        /** Sets {@code windowMargin}. */
        public Builder windowMargin(double v) {
            this.windowMargin = v;
            return this;
        }

        /** Sets {@code octaves}. */
        public Builder octaves(int v) {
            this.octaves = v;
            return this;
        }

        /** Sets {@code octaveScale}. */
        public Builder octaveScale(double v) {
            this.octaveScale = v;
            return this;
        }

        /** Sets {@code learningRateDrop}. */
        public Builder learningRateDrop(double v) {
            this.learningRateDrop = v;
            return this;
        }

        /** Sets {@code learningRateDropEvery}. */
        public Builder learningRateDropEvery(int v) {
            this.learningRateDropEvery = v;
            return this;
        }

        /** The settings (validated). */
        public RenderSettings build() {
            return new RenderSettings(preset, parameterization, size, steps, optimizer, learningRate, learningRateEnd, momentum, initStd, pad, jitter, scaleMin, scaleMax, rotate, jitter2, decay, blurSigma, blurEvery, clipNormPercentile, clipContributionPercentile, tvDenoise, diversity, diversityLayer, tvWeight, l1Weight, centerCrop, centerSpread, centerUntil, windowMargin, octaves, octaveScale, learningRateDrop, learningRateDropEvery);
        }
    }

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
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof VisorException v) {
                    throw new VisorException(v.getMessage(), e);
                }
            }
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
