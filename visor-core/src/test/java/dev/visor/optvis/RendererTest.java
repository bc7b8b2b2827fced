package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.param.PixelParameterization;
import dev.visor.optvis.step.LearningRate;
import dev.visor.optvis.step.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RendererTest {
    static Model model;

    @BeforeAll
    static void setUp() {
        model = TinyNets.conv(3, 16, 11);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void eachStepUsesAFreshLeafSoALinearObjectiveMovesInEqualSteps() {
        // conv1 has no rectifier before it: its channel mean is linear in the pixels, so its gradient is
        // constant; with gradients accumulating across steps the increments would grow.
        try (NDManager m = model.manager().newSubManager();
             Parameterization p = new PixelParameterization(m, new Shape(1, 3, 16, 16), false, 0.5f, 0f, new RunRandom(1))) {
            List<float[]> images = new ArrayList<>();
            Renderer.on(model).objective(Objectives.channel("conv1", 2)).parameterization(p)
                    .stepRule(new Sgd(LearningRate.constant(0.01), 0)).steps(3).snapshots(Set.of(1, 2, 3))
                    .listener(new RenderListener() {
                        @Override
                        public void snapshot(int step, NDArray image) {
                            images.add(image.toFloatArray());
                        }
                    }).run(new RunRandom(1), m);
            float[] a = images.get(0);
            float[] b = images.get(1);
            float[] c = images.get(2);
            for (int i = 0; i < a.length; i++) {
                assertThat(c[i] - b[i]).isCloseTo(b[i] - a[i], offset(1e-6f));
                assertThat(b[i] - a[i]).isCloseTo(a[i] - 0.5f, offset(1e-6f));
            }
        }
    }

    private static RenderResult fourier(NDManager m, long seed, int steps, Objective o, int batch) {
        RenderSettings s = Presets.get("small").with("steps", steps).with("size", 16);
        try (Parameterization p = RenderPlan.parameterization(s, model, batch, new RunRandom(seed), m)) {
            return RenderPlan.renderer(s, model, o, p).run(new RunRandom(seed), m);
        }
    }

    @Test
    void rendersRaiseTheUnitAndAreDeterministicPerSeed() {
        try (NDManager m = model.manager().newSubManager()) {
            Objective o = Objective.perItem(List.of(Objectives.channel("relu2", 1), Objectives.channel("relu2", 4)));
            RenderResult a = fourier(m, 7, 40, o, 2);
            RenderResult b = fourier(m, 7, 40, o, 2);
            RenderResult c = fourier(m, 8, 40, o, 2);
            assertThat(a.steps()).isEqualTo(40);
            for (int i = 0; i < 2; i++) {
                assertThat(a.measureEnd()[i]).isGreaterThan(2 * a.measureStart()[i]);
            }
            assertThat(a.image().toFloatArray()).containsExactly(b.image().toFloatArray());
            assertThat(a.image().toFloatArray()).isNotEqualTo(c.image().toFloatArray());
        }
    }

    @Test
    void nothingAccumulatesInLongLivedManagers() {
        try (NDManager m = model.manager().newSubManager()) {
            int weights = model.manager().getManagedArrays().size();
            Objective o = Objectives.channel("relu2", 3);
            fourier(m, 1, 3, o, 1).image().close();
            int afterShort = m.getManagedArrays().size();
            fourier(m, 1, 30, o, 1).image().close();
            assertThat(m.getManagedArrays().size()).isEqualTo(afterShort);
            assertThat(model.manager().getManagedArrays().size()).isEqualTo(weights);
        }
    }

    @Test
    void stopCriterionEndsEarlyAndOneChannelModelsRender() {
        try (Model grey = TinyNets.conv(1, 28, 12); NDManager m = grey.manager().newSubManager()) {
            RenderSettings s = Presets.get("small").with("steps", 60);
            try (Parameterization p = RenderPlan.parameterization(s, grey, 1, new RunRandom(3), m)) {
                assertThat(p.imageShape()).isEqualTo(new Shape(1, 1, 28, 28));
                RenderResult r = RenderPlan.renderer(s, grey, Objectives.channel("relu2", 0), p)
                        .stopWhen(StopCriterion.target(0.5f)).run(new RunRandom(3), m);
                assertThat(r.steps()).isLessThan(60);
                assertThat(r.finalScores()[0]).isGreaterThanOrEqualTo(0.5f);
                assertThat(r.image().getShape()).isEqualTo(new Shape(1, 1, 28, 28));
            }
        }
    }

    @Test
    void regularizedPresetStaysInRangeAndRaisesTheUnit() {
        try (NDManager m = model.manager().newSubManager()) {
            RenderSettings s = Presets.get("regularized").with("steps", 30).with("learningRate", 20.0)
                    .with("clipNormPercentile", 20.0).with("tvDenoise", 0.01);
            try (Parameterization p = RenderPlan.parameterization(s, model, 1, new RunRandom(4), m)) {
                RenderResult r = RenderPlan.renderer(s, model, Objectives.channel("relu2", 2), p).run(new RunRandom(4), m);
                assertThat(r.measureEnd()[0]).isGreaterThan(2 * r.measureStart()[0]);
                assertThat(r.image().min().getFloat()).isGreaterThanOrEqualTo(0f);
                assertThat(r.image().max().getFloat()).isLessThanOrEqualTo(1f);
            }
        }
    }

    @Test
    void settingsOverridesAndErrors() {
        RenderSettings s = Presets.get("fourier").with(java.util.Map.of("steps", 7, "jitter", 2));
        assertThat(s.steps()).isEqualTo(7);
        assertThat(s.jitter()).isEqualTo(2);
        assertThat(s.learningRate()).isEqualTo(0.05);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.with("stepz", 3)).hasMessageStartingWith("unknown render setting 'stepz'; known: ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Presets.get("fancy")).hasMessage("unknown preset 'fancy'; known: fourier, regularized, small, mfv, mfv-noise, invert, invert-robust");
    }
}
