package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ImagePenalty;
import dev.visor.optvis.objective.Objectives;
import dev.visor.optvis.param.PixelParameterization;
import dev.visor.optvis.step.Adam;
import dev.visor.optvis.step.LearningRate;
import dev.visor.optvis.step.NormalizedGradient;
import dev.visor.optvis.step.PercentileClip;
import dev.visor.optvis.step.Sgd;
import dev.visor.optvis.step.StepContext;
import dev.visor.optvis.step.StepRule;
import dev.visor.optvis.step.TvDenoise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StepTest {
    static NDManager m;

    @BeforeAll
    static void setUp() {
        m = Engines.newManager();
    }

    @AfterAll
    static void tearDown() {
        m.close();
    }

    /** Applies a rule for several steps with a fixed gradient; returns the parameter after each. */
    private static List<float[]> run(StepRule rule, float[] start, float[] grad, int steps) {
        List<float[]> out = new ArrayList<>();
        try (PixelParameterization p = new PixelParameterization(m, new Shape(2, 1, 1, start.length / 2), false, 0f, 0f, new RunRandom(0))) {
            p.initFrom(m.create(start, p.imageShape()));
            for (int s = 0; s < steps; s++) {
                try (NDManager sm = p.manager().newSubManager()) {
                    List<NDArray> g = new ArrayList<>(List.of(sm.create(grad, p.imageShape())));
                    rule.step(new StepContext(p, g, s, steps, sm, new RunRandom(0)));
                }
                out.add(p.parameters().get(0).toFloatArray());
            }
            rule.reset();
        }
        return out;
    }

    @Test
    void adamMovesEachCoordinateByTheLearningRateUnderAConstantGradient() {
        List<float[]> xs = run(new Adam(LearningRate.constant(0.1)), new float[] {0, 0, 0, 0}, new float[] {3, -0.001f, 50, 1}, 3);
        // m̂ = g and v̂ = g² exactly under a constant gradient, so each step is lr·sign(g).
        assertThat(xs.get(0)).containsExactly(new float[] {0.1f, -0.1f, 0.1f, 0.1f}, offset(1e-5f));
        assertThat(xs.get(2)).containsExactly(new float[] {0.3f, -0.3f, 0.3f, 0.3f}, offset(1e-4f));
    }

    @Test
    void sgdMomentumAndNormalizedGradient() {
        List<float[]> sgd = run(new Sgd(LearningRate.constant(0.5), 0.9f), new float[] {0, 0}, new float[] {1, 2}, 2);
        assertThat(sgd.get(0)).containsExactly(0.5f, 1f);
        assertThat(sgd.get(1)).containsExactly(new float[] {0.5f + 0.95f, 1f + 1.9f}, offset(1e-6f));
        // Per item (row): g / mean|g|. Item 0: g = (1, 3), mean 2; item 1: g = (-4, 0), mean 2.
        List<float[]> ng = run(new NormalizedGradient(LearningRate.linear(2, 0)), new float[] {0, 0, 1, 1},
                new float[] {1, 3, -4, 0}, 2);
        assertThat(ng.get(0)).containsExactly(new float[] {1, 3, -3, 1}, offset(1e-6f));
        assertThat(ng.get(1)).containsExactly(new float[] {1, 3, -3, 1}, offset(1e-6f));
    }

    @Test
    void gaussianBlurKeepsFlatImagesAndSpreadsAnImpulseBySigma() {
        float[] flat = Filters.gaussianBlur(m.full(new Shape(1, 3, 9, 9), 0.3f), 1.5).toFloatArray();
        float[] want = new float[flat.length];
        java.util.Arrays.fill(want, 0.3f);
        assertThat(flat).containsExactly(want, offset(1e-6f));
        float[] impulse = new float[21 * 21];
        impulse[10 * 21 + 10] = 1;
        float[] b = Filters.gaussianBlur(m.create(impulse, new Shape(1, 1, 21, 21)), 2.0).toFloatArray();
        double sum = 0;
        double var = 0;
        for (int i = 0; i < b.length; i++) {
            sum += b[i];
            var += b[i] * Math.pow(i % 21 - 10, 2);
        }
        assertThat(sum).isCloseTo(1, offset(1e-3)); // edge normalisation adds a little mass near the border
        assertThat(var).isCloseTo(4, offset(0.05));
    }

    @Test
    void tvDenoiseLowersTotalVariationKeepsTheMeanAndMovesTowardsTheCleanImage() {
        float[] clean = new float[2 * 3 * 16 * 16];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = (i % 16) < 8 ? 0.2f : 0.8f;
        }
        NDArray c = m.create(clean, new Shape(2, 3, 16, 16));
        NDArray noisy = c.add(new RunRandom(1).normal(m, c.getShape(), 0.1f));
        NDArray out = TvDenoise.denoise(noisy, 0.1f, 50);
        Evaluation before = new Evaluation(null, noisy);
        Evaluation after = new Evaluation(null, out);
        float tv0 = Objectives.penalty(ImagePenalty.Kind.TV).score(before).toFloatArray()[0];
        float tv1 = Objectives.penalty(ImagePenalty.Kind.TV).score(after).toFloatArray()[0];
        assertThat(tv1).isLessThan(tv0 * 0.5f);
        assertThat(out.mean().getFloat()).isCloseTo(noisy.mean().getFloat(), offset(1e-5f));
        assertThat(out.sub(c).abs().mean().getFloat()).isLessThan(noisy.sub(c).abs().mean().getFloat() * 0.6f);
    }

    @Test
    void percentileClipResetsTheWeakestPixels() {
        try (PixelParameterization p = new PixelParameterization(m, new Shape(1, 3, 10, 10), false, 0.5f, 0.2f, new RunRandom(2));
             NDManager sm = p.manager().newSubManager()) {
            new PercentileClip(PercentileClip.Score.NORM, 30, 0.5f)
                    .apply(new StepContext(p, new ArrayList<>(List.of(sm.zeros(p.imageShape()))), 0, 1, sm, new RunRandom(0)));
            float[] x = p.parameters().get(0).toFloatArray();
            int grey = 0;
            for (int i = 0; i < 100; i++) {
                if (x[i] == 0.5f && x[100 + i] == 0.5f && x[200 + i] == 0.5f) {
                    grey++;
                }
            }
            assertThat(grey).isEqualTo(30);
        }
    }
}
