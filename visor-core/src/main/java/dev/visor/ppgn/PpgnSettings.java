package dev.visor.ppgn;

import dev.visor.VisorException;
import dev.visor.generative.RealismScore;
import dev.visor.optvis.step.PpgnStep;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code visor ppgn} runs: the PPGN sampler (Nguyen et al. 2017; ../shared/REFERENCE.md §3) on chains
 * of codes h of a generator G, conditioned on objectives of a classifier. Make it with {@link #builder()}
 * (the paper's settings) and the named setters.
 *
 * @param objectives  conditions as objective texts ({@code logprob(7)}, {@code relu2:5@center}, sums and
 *                    differences), each sampled by {@code chains} chains; empty with a caption or an inpainting
 * @param caption     a caption condition (needs a captioner); empty: none
 * @param chains      chains per condition, each from its own start code (chain k from seed k)
 * @param steps       sampler steps per chain (paper: 200)
 * @param burnIn      steps before the first kept sample
 * @param keepEvery   keep every n-th step after the burn-in as a sample
 * @param eps1        weight of the prior term R(h) − h (paper: 1e-5; caption 1e-3)
 * @param eps2        weight of the condition's gradient (paper: 1)
 * @param eps3        noise std (paper: 1e-17; {@link #CLASS_EPS3} for class conditions)
 * @param eps4        weight of the inpainting term (sum of squared errors over the known pixels)
 * @param learningRate the normalised step size (paper: 1)
 * @param clip        h is clipped to [0, clip × the largest code value observed on real data] (paper: [0, 30]
 *                    for fc6; 1 keeps h within the observed range)
 * @param resetEvery  chains restart from their start code every n steps (paper: 100 for hidden units; 0 = never)
 * @param codeLayer   the classifier's layer that G decodes
 * @param data        real data: code statistics (train split), realism pool (test split)
 * @param codeImages  real images over which the code range is measured
 * @param judge       the realism judge; empty: none
 * @param realImages  real test images in the realism pool
 * @param resamples   bootstrap resamples of the realism score
 * @param gifEvery    steps between frames of the chain GIFs
 * @param seed        the run's seed: start codes and noise
 * @param out         the output folder (null: nothing written)
 */
public record PpgnSettings(List<String> objectives, String caption, int chains, int steps, int burnIn, int keepEvery, double eps1,
                           double eps2, double eps3, double eps4, double learningRate, double clip, int resetEvery, String codeLayer,
                           String data, int codeImages, String judge, int realImages, int resamples, int gifEvery, long seed,
                           Path out) {
    /** Paper: 200 steps. */
    public static final int DEFAULT_STEPS = 200;
    /** Default burn-in. */
    public static final int DEFAULT_BURN_IN = 50;
    /** Default sample spacing. */
    public static final int DEFAULT_KEEP_EVERY = 15;
    /**
     * ε4 default for 28×28 images in [0, 1] (the paper's 1e-9 was for 227² Caffe-range pixels and its unnormalised
     * gradients). Chosen by measurement on the first 30 test images with builtin:fashion-generator, 200 steps, the
     * {@link #INPAINT_LR} step, mean-fill start: masked-patch MSE 0.115 at ε4 = 0, 0.044 at 0.1, 0.043 at 1, 0.043 at 10,
     * 0.042 at 100 (mean fill 0.167, blur fill 0.061; {@code PpgnClaimsTest}, BENCHMARKS.md). Above 1 the known pixels
     * dominate the class term; 10 keeps that margin.
     */
    public static final double DEFAULT_EPS4 = 10;
    /**
     * The normalised step size of inpainting chains (the paper's 1 is for free sampling): each step moves h by lr · mean|h
     * step| = lr per unit, so at 1 the chain cannot settle on the known pixels. Masked-patch MSE on 30 test images (ε4 10,
     * 200 steps, start from the mean fill): 0.118 at lr 1 (ε4 0.1), 0.054 at 0.1, 0.043 at 0.03, 0.042 at 0.01.
     */
    public static final double INPAINT_LR = 0.03;
    /**
     * ε3 for class, objective and hidden-unit conditions: Visor's choice, not the paper's 1e-17. The step is normalised by
     * mean|Δh|, so only the ratio of the terms counts; on builtin:fashion-cnn's relu_fc1 mean|∂log p/∂h| falls from ~0.2 at
     * the start to ~1e-3 once the class is confident, so 1e-17 is no noise at all and a confident chain then takes unit
     * steps along a vanishing gradient, overshooting out of its class. Measured ({@code PpgnClaimsTest}, 10 classes × 10
     * chains, seed 1; BENCHMARKS.md): share of kept samples with p(class) ≥ 0.9 / judge top-1 / final-sample FD (DGN-AM
     * 127.5) / final-sample diversity (DGN-AM 13.48): ε3 1e-17: 88.4 % / 86.0 % / 97.7 / 12.69; 1e-3: 98.3 % / 77.7 % /
     * 132.6 / 13.64; 1e-2: 95.8 % / 65.7 % / 164.3 / 13.65. Captions and inpainting keep the paper's value.
     */
    public static final double CLASS_EPS3 = 1e-3;
    /** The paper's hidden-unit chain reset. */
    public static final int UNIT_RESET = 100;

    /** Checks the values. */
    public PpgnSettings {
        objectives = List.copyOf(objectives);
        caption = caption == null ? "" : caption;
        codeLayer = codeLayer == null ? "" : codeLayer;
        judge = judge == null ? "" : judge;
        check(chains >= 1 && chains <= 256, "--chains", chains, "1 to 256");
        check(steps >= 1 && steps <= 100_000, "--steps", steps, "1 to 100000");
        check(burnIn >= 0 && burnIn < steps, "--burn-in", burnIn, "0 to steps - 1");
        check(keepEvery >= 1, "--keep-every", keepEvery, "1 or more");
        check(Double.isFinite(eps4) && eps4 >= 0, "--eps4", eps4, "0 or more");
        check(clip > 0 && Double.isFinite(clip), "--clip", clip, "a positive factor");
        check(resetEvery >= 0, "--reset-every", resetEvery, "0 (never) or more");
        check(gifEvery >= 1, "--gif-every", gifEvery, "1 or more");
        check(codeImages >= 2 && realImages >= 2 && resamples >= 0, "--code-images/--real-images", codeImages, "2 or more");
        if (codeLayer.isEmpty()) {
            throw new VisorException("PPGN needs the classifier's code layer that G decodes (--code-layer, e.g. relu_fc1)");
        }
        new PpgnStep(null, 0, eps2, eps3, learningRate); // validates ε2, ε3 and lr
        check(eps1 >= 0 && Double.isFinite(eps1), "--eps1", eps1, "0 or more");
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new VisorException(name + " " + value + " is out of range; use " + range);
        }
    }

    /** Steps whose images are kept as samples: burnIn + keepEvery, burnIn + 2·keepEvery, … ≤ steps. */
    public List<Integer> keptSteps() {
        List<Integer> s = new java.util.ArrayList<>();
        for (int k = burnIn + keepEvery; k <= steps; k += keepEvery) {
            s.add(k);
        }
        return s;
    }

    /** A builder holding the paper's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named construction; each setter's meaning is the record component's. */
    public static final class Builder {
        private List<String> objectives = List.of();
        private String caption = "";
        private int chains = 4;
        private int steps = DEFAULT_STEPS;
        private int burnIn = DEFAULT_BURN_IN;
        private int keepEvery = DEFAULT_KEEP_EVERY;
        private double eps1 = PpgnStep.EPS1;
        private double eps2 = PpgnStep.EPS2;
        private double eps3 = PpgnStep.EPS3;
        private double eps4 = DEFAULT_EPS4;
        private double learningRate = PpgnStep.LR;
        private double clip = 1;
        private int resetEvery = 0;
        private String codeLayer = "relu_fc1";
        private String data = "fashion-mnist";
        private int codeImages = 1000;
        private String judge = RealismScore.DEFAULT_JUDGE;
        private int realImages = 1000;
        private int resamples = RealismScore.DEFAULT_RESAMPLES;
        private int gifEvery = 5;
        private long seed = 0;
        private Path out = null;

        private Builder() {}

        /** Sets {@code objectives}. */
        public Builder objectives(List<String> v) {
            objectives = v;
            return this;
        }

        /** Sets {@code caption}. */
        public Builder caption(String v) {
            caption = v;
            return this;
        }

        /** Sets {@code chains}. */
        public Builder chains(int v) {
            chains = v;
            return this;
        }

        /** Sets {@code steps}. */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /** Sets {@code burnIn}. */
        public Builder burnIn(int v) {
            burnIn = v;
            return this;
        }

        /** Sets {@code keepEvery}. */
        public Builder keepEvery(int v) {
            keepEvery = v;
            return this;
        }

        /** Sets {@code eps1}. */
        public Builder eps1(double v) {
            eps1 = v;
            return this;
        }

        /** Sets {@code eps2}. */
        public Builder eps2(double v) {
            eps2 = v;
            return this;
        }

        /** Sets {@code eps3}. */
        public Builder eps3(double v) {
            eps3 = v;
            return this;
        }

        /** Sets {@code eps4}. */
        public Builder eps4(double v) {
            eps4 = v;
            return this;
        }

        /** Sets {@code learningRate}. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Sets {@code clip}. */
        public Builder clip(double v) {
            clip = v;
            return this;
        }

        /** Sets {@code resetEvery}. */
        public Builder resetEvery(int v) {
            resetEvery = v;
            return this;
        }

        /** Sets {@code codeLayer}. */
        public Builder codeLayer(String v) {
            codeLayer = v;
            return this;
        }

        /** Sets {@code data}. */
        public Builder data(String v) {
            data = v;
            return this;
        }

        /** Sets {@code codeImages}. */
        public Builder codeImages(int v) {
            codeImages = v;
            return this;
        }

        /** Sets {@code judge}. */
        public Builder judge(String v) {
            judge = v;
            return this;
        }

        /** Sets {@code realImages}. */
        public Builder realImages(int v) {
            realImages = v;
            return this;
        }

        /** Sets {@code resamples}. */
        public Builder resamples(int v) {
            resamples = v;
            return this;
        }

        /** Sets {@code gifEvery}. */
        public Builder gifEvery(int v) {
            gifEvery = v;
            return this;
        }

        /** Sets {@code seed}. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Sets {@code out}. */
        public Builder out(Path v) {
            out = v;
            return this;
        }

        /** The settings. */
        public PpgnSettings build() {
            return new PpgnSettings(objectives, caption, chains, steps, burnIn, keepEvery, eps1, eps2, eps3, eps4, learningRate, clip,
                    resetEvery, codeLayer, data, codeImages, judge, realImages, resamples, gifEvery, seed, out);
        }
    }
}
