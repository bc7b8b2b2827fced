package dev.visor.sanity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.Objectives;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cascading randomisation of a render on builtin:fashion-cnn (4 weighted layers: logits, fc1, conv2, conv1 from the top). */
class RenderCascadeTest {
    @Test
    void aUnitsRenderChangesOnlyOnceTheCascadeReachesItsLayer() {
        RenderSettings recipe = Presets.get("small").with("steps", 12);
        try (Model model = ModelLoader.load("builtin:fashion-cnn"); NDManager m = model.manager().newSubManager()) {
            // relu2 is computed by conv2 and below: randomising logits and fc1 cannot change it.
            RenderCascade.Result r = RenderCascade.run(model, Objectives.channel("relu2", 5), recipe, 0, 11, m);
            for (RenderCascade.Row row : r.rows()) {
                System.out.printf("render cascade relu2:5  %-8s k=%d  spearman %.3f  ssim %.3f  score %.3f%n", row.layer(), row.count(),
                        row.spearman(), row.ssim(), row.score());
            }
            assertThat(r.rows()).extracting(RenderCascade.Row::layer).containsExactly("", "logits", "fc1", "conv2", "conv1");
            assertThat(r.rows().get(0).spearman()).as("the trained model against itself").isEqualTo(1.0);
            for (int k = 1; k <= 2; k++) {
                assertThat(r.rows().get(k).image().toFloatArray()).as("layers above relu2 randomised (%d)", k)
                        .isEqualTo(r.rows().get(0).image().toFloatArray());
            }
            // conv2 re-drawn: the same seed now optimises another function, so the render is another image.
            assertThat(r.rows().get(3).spearman()).isLessThan(0.9);
            assertThat(r.rows().get(4).spearman()).isLessThan(0.9);

            // A logit depends on every layer: randomising only the top one already changes its render.
            RenderCascade.Result logit = RenderCascade.run(model, Objectives.logit("logits", 1), recipe, 1, 11, m);
            assertThat(logit.rows()).hasSize(2);
            System.out.printf("render cascade logit(1): logits randomised: spearman %.3f  ssim %.3f%n", logit.rows().get(1).spearman(),
                    logit.rows().get(1).ssim());
            assertThat(logit.rows().get(1).spearman()).isLessThan(0.9);
            assertThat(List.of(r.seconds(), logit.seconds())).allMatch(s -> s > 0);
        }
    }
}
