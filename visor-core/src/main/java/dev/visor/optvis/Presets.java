package dev.visor.optvis;

import dev.visor.VisorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The published render recipes (REFERENCE.md §1). Every value can be overridden with {@link RenderSettings#with}. */
public final class Presets {
    /** Yosinski's learning rate of 100 at a 0..255 pixel scale, in [0, 1] image units: 100 / 255². */
    static final double YOSINSKI_LR = 100.0 / (255.0 * 255.0);

    private static final Map<String, Supplier<RenderSettings>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("fourier", Presets::fourier);
        BY_NAME.put("regularized", Presets::regularized);
        BY_NAME.put("small", Presets::small);
        BY_NAME.put("mfv", Presets::mfv);
        BY_NAME.put("mfv-noise", Presets::mfvNoise);
        BY_NAME.put("invert", Presets::invert);
        BY_NAME.put("invert-robust", Presets::invertRobust);
    }

    private Presets() {}

    /** Names of the presets. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** A preset by name; a one-line error listing the valid names. */
    public static RenderSettings get(String name) {
        Supplier<RenderSettings> p = BY_NAME.get(name);
        if (p == null) {
            throw new VisorException("unknown preset '" + name + "'; known: " + String.join(", ", names()));
        }
        return p.get();
    }

    /** Olah 2017 / Lucid: Fourier + decorrelated colour, Adam 0.05, 512 steps, 128 px, standard transforms (the builder's defaults). */
    public static RenderSettings fourier() {
        return RenderSettings.builder().preset("fourier").build();
    }

    /** Yosinski 2015, the most used setting: raw pixels, SGD at lr 100 on 0..255, L2 decay 1e-4, blur σ 1 every 4 steps, 1000 steps. */
    public static RenderSettings regularized() {
        return RenderSettings.builder().preset("regularized").parameterization("pixel").size(0).steps(1000).optimizer("sgd")
                .learningRate(YOSINSKI_LR).initStd(0.02).pad(0).jitter(0).scaleMin(1).scaleMax(1).rotate(0).jitter2(0)
                .decay(1e-4).blurSigma(1.0).blurEvery(4).build();
    }

    /**
     * Multifaceted FV from a facet's mean image (Nguyen et al. 2016, REFERENCE.md §2): raw pixels at the model's
     * size, normalised-gradient steps x += lr·g/mean|g| clipped to [0, 1], TV denoising after every step (no
     * blur, no L2), centre-biased crops (85 % of the canvas, spread 15 % of the side shrinking to 0) for the first
     * half of the steps, then the gradient zeroed outside the central window (margin 0.22 of the side: the
     * paper's 50 px at 227 px), 370 steps. Every size is a fraction of the canvas, so the recipe scales from 28 px
     * to 227 px. One octave, not the paper's 4: Visor's octaves run coarse to fine (see {@link BatchRender}), and
     * shrinking a mean image to a coarse canvas loses what makes it its facet (measured on builtin:fashion-cnn,
     * logits:1: with 4 octaves all 10 facets ended below the top-600 mean activation, 19.0–22.8 against 24.1); set
     * {@code octaves} to use them. 60 steps, not the paper's 370: with TV denoising after every step, longer runs
     * lose activation at 28 px (measured, logits:1, top 600 of 60 000, mean 24.1: 370 steps ended at 19.0–22.2,
     * 60 steps at 25.5–29.4 for all 10 facets). The step size (0.003 → 0.001 of the range) and the TV weight (0.0015, Chambolle)
     * are Visor's choices, measured on builtin:fashion-cnn (the published values are for 0..255 pixels and the
     * TV-Bregman denoiser; unverified). TV 0.003 smoothed the facets towards one blob and left 15 of 50 facets (5
     * per class, top 300 of 3000) below their top-N mean; 0.0015 keeps all 50 at or above it, all nearest their own
     * cluster, and facets 1.26–4.32× as diverse as same-recipe restarts from noise for the 10 classes (9 ≥ 1.5;
     * 0.0005–0.001: 5–7 of 10, the restarts keep more of their noise). See FacetClaimsTest and BENCHMARKS.md.
     */
    public static RenderSettings mfv() {
        return RenderSettings.builder().preset("mfv").parameterization("pixel").size(0).steps(60).optimizer("normalized")
                .learningRate(0.003).learningRateEnd(0.001).initStd(0).pad(0).jitter(0).scaleMin(1).scaleMax(1).rotate(0)
                .jitter2(0).tvDenoise(0.0015).centerCrop(0.85).centerSpread(0.15).centerUntil(0.5).windowMargin(50.0 / 227)
                .octaves(1).octaveScale(1.2).build();
    }

    /** {@link #mfv()} from grey noise (σ 0.1) instead of a mean image: 5 octaves (×1.2), 530 steps, as published. */
    public static RenderSettings mfvNoise() {
        return mfv().toBuilder().preset("mfv-noise").initStd(0.1).octaves(5).steps(530).build();
    }

    /** For 28–64 px models: the Fourier recipe at the model's size with small transforms and 256 steps. */
    public static RenderSettings small() {
        return RenderSettings.builder().preset("small").size(0).steps(256).pad(2).jitter(1).scaleMin(0.95).scaleMax(1.05)
                .rotate(5).jitter2(1).build();
    }

    /** Learning rate of {@link #invert()} in [0, 1] image units per unit gradient of the relative feature error; tuned on darknet-tiny at 48 px (10 overshoots at its middle layers). The gradient per pixel shrinks with the pixel count, so larger inputs may want a larger rate (unverified). */
    static final double INVERT_LR = 4;

    /**
     * Mahendran and Vedaldi 2015 (REFERENCE.md §4): raw pixels from noise around the mean grey, SGD with
     * momentum 0.9, 400 steps, the rate dropped ×0.1 every 150 steps (the drop points are unverified), no
     * transforms. Inversion's own penalties (α-norm, TV_β) come with {@code dev.visor.invert.InvertSettings}.
     */
    public static RenderSettings invert() {
        return RenderSettings.builder().preset("invert").parameterization("pixel").size(0).steps(400).optimizer("sgd")
                .learningRate(INVERT_LR).momentum(0.9).learningRateDrop(0.1).learningRateDropEvery(150).initStd(0.02)
                .pad(0).jitter(0).scaleMin(1).scaleMax(1).rotate(0).jitter2(0).build();
    }

    /** Inversion with Lucid's robustness: Fourier + decorrelated colour, Adam 0.05, 400 steps, small transforms. */
    public static RenderSettings invertRobust() {
        return RenderSettings.builder().preset("invert-robust").size(0).steps(400).pad(4).jitter(2).scaleMin(0.95)
                .scaleMax(1.05).rotate(5).jitter2(2).build();
    }
}
