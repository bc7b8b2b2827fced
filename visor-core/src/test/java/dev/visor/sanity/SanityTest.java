package dev.visor.sanity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.InputImage;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Must-show 4 of issue 12: randomising darknet-tiny's top layers changes saliency and Grad-CAM. */
class SanityTest {
    @TempDir
    Path tmp;

    @Test
    void saliencyAndGradCamChangeOnceTheTopThreeLayersAreRandomised() {
        try (Model model = ModelLoader.load(TestPaths.darknetTiny().toString()); NDManager m = Engines.newManager()) {
            NDArray x = InputImage.read(TestPaths.shared().resolve("images/chelsea.png"), model, m).tensor();
            float before = model.graph().initializers().values().iterator().next().sum().getFloat();
            SanityJob.Result r = SanityJob.run(model, x, SanitySettings.defaults().withDepth(4).withSeed(1));
            System.out.print(SanityWriter.table(r));
            System.out.printf("sanity: %d rows in %.1f s%n", r.rows().size(), r.seconds());
            SanityJob.Row three = r.rows().stream().filter(row -> row.mode() == SanityJob.Mode.CASCADING && row.count() == 3)
                    .findFirst().orElseThrow();
            int sal = r.methods().indexOf(AttributionMethod.SALIENCY);
            int cam = r.methods().indexOf(AttributionMethod.GRAD_CAM);
            assertThat(three.spearman()[sal]).as("saliency rank correlation, top 3 randomised").isLessThan(0.5);
            assertThat(three.spearman()[cam]).as("Grad-CAM rank correlation, top 3 randomised").isLessThan(0.5);
            // The trained model is untouched: same weights, same map as before the test.
            assertThat(model.graph().initializers().values().iterator().next().sum().getFloat()).isEqualTo(before);
            Path png = SanityWriter.write(model, "chelsea.png", r, tmp);
            assertThat(png).exists();
            assertThat(dev.visor.report.Sidecar.read(dev.visor.report.Sidecar.pathFor(png))).containsKey("rows");
        }
    }

    @Test
    void similarityMeasuresAgreeWithHandValues() {
        float[] a = {1, 2, 3, 4};
        float[] b = {10, 20, 30, 40};
        float[] c = {4, 3, 2, 1};
        assertThat(MapSimilarity.spearman(a, b)).isEqualTo(1.0);
        assertThat(MapSimilarity.spearman(a, c)).isEqualTo(-1.0);
        // Ties take average ranks: ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4): Pearson of the ranks.
        assertThat(MapSimilarity.spearman(new float[] {5, 5, 6, 7}, a)).isCloseTo(0.9486833, org.assertj.core.data.Offset.offset(1e-6));
        float[] img = new float[49];
        for (int i = 0; i < 49; i++) {
            img[i] = i % 7;
        }
        assertThat(MapSimilarity.ssim(img, img, 7, 7)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        float[] scaled = img.clone();
        for (int i = 0; i < 49; i++) {
            scaled[i] *= 3;
        }
        assertThat(MapSimilarity.ssim(img, scaled, 7, 7)).as("maps are compared after dividing by their maximum").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
