package dev.visor.dgnam;

import dev.visor.VisorException;
import dev.visor.generative.RealismScore;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code visor dgn-am} runs: DGN-AM (Nguyen et al. 2016, ../shared/REFERENCE.md §3) optimises the code h of a
 * generator G instead of pixels, h += lr·g/mean|g| with lr linear from 8 to ~0 over 200 steps, h ← 0.99·h and h
 * clipped to [0, 3·max observed] after every step. Make it with {@link #builder()} (the paper's settings) and the
 * named setters; {@link #toBuilder()} changes a few values.
 *
 * @param objectives      objective texts as {@code visor render} takes them ({@code logit(7)}, {@code relu2:5}, sums and differences)
 * @param copies          renders per objective, each from its own start code (copy k draws from seed k)
 * @param steps           optimisation steps (paper: 200)
 * @param learningRate    the step size at the first step of h += lr·g/mean|g| (paper: 8)
 * @param learningRateEnd the step size at the last step, linear in between (paper: ~0)
 * @param decay           h ← decay·h after every step (paper: 0.99; 1 = none)
 * @param clipFactor      h is clipped to [0, clipFactor × the largest E(x) of each unit over real data] when a code layer is known (paper: 3; 0 = no clip)
 * @param start           the start code: {@code zero}, {@code random} (per unit N(mean, std) of the real codes, clipped at 0, or N(0, 1) without a code layer) or {@code image:PATH} (E(x) of the image)
 * @param codeLayer       the classifier's layer that G decodes (E's output); empty: none known (no clip, no image start)
 * @param data            the real data: the code range (train split) and the realism score's real images (test split)
 * @param codeImages      real images over which the code range is measured
 * @param judge           the realism judge and second classifier; empty: no realism score
 * @param judgeLayer      the judge's feature layer; empty: its penultimate layer
 * @param realImages      the pool of real test images the realism score draws from
 * @param resamples       bootstrap resamples of the realism score
 * @param seed            the run's seed: start codes and the realism score's draws
 * @param out             the output folder
 */
public record DgnAmSettings(List<String> objectives, int copies, int steps, double learningRate, double learningRateEnd, double decay, double clipFactor, String start, String codeLayer, String data, int codeImages, String judge, String judgeLayer, int realImages, int resamples, long seed, Path out) {
    /** Paper: 200 steps. */
    public static final int DEFAULT_STEPS = 200;
    /** Paper: step size 8 at the start. */
    public static final double DEFAULT_LEARNING_RATE = 8;
    /** Paper: ~0 at the end. */
    public static final double DEFAULT_LEARNING_RATE_END = 1e-10;
    /** Paper: h ← 0.99·h. */
    public static final double DEFAULT_DECAY = 0.99;
    /** Paper: clip to 3 × the largest activation. */
    public static final double DEFAULT_CLIP_FACTOR = 3;

    /** Checks the values (one line naming the setting and its range). */
    public DgnAmSettings {
        objectives = List.copyOf(objectives);
        start = start == null ? "random" : start;
        codeLayer = codeLayer == null ? "" : codeLayer;
        judge = judge == null ? "" : judge;
        judgeLayer = judgeLayer == null ? "" : judgeLayer;
        if (objectives.isEmpty()) {
            throw new VisorException("give at least one objective");
        }
        check(copies >= 1 && copies <= 256, "--copies", copies, "1 to 256");
        check(steps >= 0 && steps <= 100_000, "--steps", steps, "0 to 100000");
        check(learningRate > 0 && Double.isFinite(learningRate), "--lr", learningRate, "a positive number");
        check(learningRateEnd >= 0 && Double.isFinite(learningRateEnd), "--lr-end", learningRateEnd, "0 or more");
        check(decay > 0 && decay <= 1, "--decay", decay, "above 0 to 1");
        check(clipFactor >= 0 && Double.isFinite(clipFactor), "--clip-factor", clipFactor, "0 (none) or more");
        check(start.equals("zero") || start.equals("random") || start.startsWith("image:") && start.length() > 6, "--start", start,
                "zero, random or image:PATH");
        check(codeImages >= 2, "--code-images", codeImages, "2 or more");
        check(realImages >= 2, "--real-images", realImages, "2 or more");
        check(resamples >= 0 && resamples <= 10_000, "--resamples", resamples, "0 to 10000");
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new VisorException(name + " " + value + " is out of range; use " + range);
        }
    }

    /** A builder holding the paper's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.objectives = objectives;
        b.copies = copies;
        b.steps = steps;
        b.learningRate = learningRate;
        b.learningRateEnd = learningRateEnd;
        b.decay = decay;
        b.clipFactor = clipFactor;
        b.start = start;
        b.codeLayer = codeLayer;
        b.data = data;
        b.codeImages = codeImages;
        b.judge = judge;
        b.judgeLayer = judgeLayer;
        b.realImages = realImages;
        b.resamples = resamples;
        b.seed = seed;
        b.out = out;
        return b;
    }

    /** Named construction; each setter's meaning is the record component's. */
    public static final class Builder {
        private List<String> objectives = List.of();
        private int copies = 1;
        private int steps = DEFAULT_STEPS;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double learningRateEnd = DEFAULT_LEARNING_RATE_END;
        private double decay = DEFAULT_DECAY;
        private double clipFactor = DEFAULT_CLIP_FACTOR;
        private String start = "random";
        private String codeLayer = "";
        private String data = "fashion-mnist";
        private int codeImages = 1000;
        private String judge = RealismScore.DEFAULT_JUDGE;
        private String judgeLayer = "";
        private int realImages = 1000;
        private int resamples = RealismScore.DEFAULT_RESAMPLES;
        private long seed = 0;
        private Path out = null;

        private Builder() {}

        /** Sets {@code objectives}. */
        public Builder objectives(List<String> v) {
            this.objectives = v;
            return this;
        }

        /** Sets {@code copies}. */
        public Builder copies(int v) {
            this.copies = v;
            return this;
        }

        /** Sets {@code steps}. */
        public Builder steps(int v) {
            this.steps = v;
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

        /** Sets {@code decay}. */
        public Builder decay(double v) {
            this.decay = v;
            return this;
        }

        /** Sets {@code clipFactor}. */
        public Builder clipFactor(double v) {
            this.clipFactor = v;
            return this;
        }

        /** Sets {@code start}. */
        public Builder start(String v) {
            this.start = v;
            return this;
        }

        /** Sets {@code codeLayer}. */
        public Builder codeLayer(String v) {
            this.codeLayer = v;
            return this;
        }

        /** Sets {@code data}. */
        public Builder data(String v) {
            this.data = v;
            return this;
        }

        /** Sets {@code codeImages}. */
        public Builder codeImages(int v) {
            this.codeImages = v;
            return this;
        }

        /** Sets {@code judge}. */
        public Builder judge(String v) {
            this.judge = v;
            return this;
        }

        /** Sets {@code judgeLayer}. */
        public Builder judgeLayer(String v) {
            this.judgeLayer = v;
            return this;
        }

        /** Sets {@code realImages}. */
        public Builder realImages(int v) {
            this.realImages = v;
            return this;
        }

        /** Sets {@code resamples}. */
        public Builder resamples(int v) {
            this.resamples = v;
            return this;
        }

        /** Sets {@code seed}. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** Sets {@code out}. */
        public Builder out(Path v) {
            this.out = v;
            return this;
        }

        /** The settings (validated). */
        public DgnAmSettings build() {
            return new DgnAmSettings(objectives, copies, steps, learningRate, learningRateEnd, decay, clipFactor, start, codeLayer, data, codeImages, judge, judgeLayer, realImages, resamples, seed, out);
        }
    }
}
