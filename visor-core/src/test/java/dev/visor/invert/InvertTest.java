package dev.visor.invert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.InputImage;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.TestPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inversion of darknet-tiny on the cat photo (must-show 1 of issue 12). */
class InvertTest {
    static final int SIZE = Integer.getInteger("invert.size", 48);
    static final int STEPS = Integer.getInteger("invert.steps", 50);

    @Test
    void earlyLayersReconstructAndFidelityFallsWithDepth() {
        try (Model model = ModelLoader.load(TestPaths.darknetTiny().toString(),
                new ModelOptions(SIZE, null, null, null, null, null, null, null));
             NDManager m = Engines.newManager()) {
            NDArray x0 = InputImage.read(TestPaths.shared().resolve("images/chelsea.png"), model, m).tensor();
            List<String> layers = List.of(System.getProperty("invert.layers",
                    
                    "leaky_re_lu_1,leaky_re_lu_2,leaky_re_lu_4,leaky_re_lu_6,leaky_re_lu_8").split(","));
            InvertSettings s = InvertSettings.builder().layers(layers)
                    .recipe(Presets.invert().toBuilder().steps(STEPS).learningRateDropEvery(STEPS * 3 / 8).build())
                    .build();
            long t0 = System.nanoTime();
            InvertJob.Result r = InvertJob.run(model, x0, s, new RenderListener() {});
            System.out.printf("inversion of chelsea.png at %dx%d, %d steps, %.1f s%n", SIZE, SIZE, STEPS, (System.nanoTime() - t0) / 1e9);
            System.out.println("layer              rel.error(start→end)   correlation   lambda_TV");
            for (InvertJob.Layer l : r.layers()) {
                System.out.printf("%-18s %.4f → %.4f        %.3f         %.0f  (%.1f s)%n", l.layer(), l.startError(), l.relativeError(),
                        l.correlation(), l.tvWeight(), l.seconds());
            }
            // Must-show 1: the two early layers are matched to within 10 % of their features' energy ...
            assertThat(r.layers().get(0).relativeError()).isLessThanOrEqualTo(0.1);
            assertThat(r.layers().get(1).relativeError()).isLessThanOrEqualTo(0.1);
            // ... and the reconstruction looks less like the photo the deeper the layer.
            for (int i = 1; i < r.layers().size(); i++) {
                assertThat(r.layers().get(i).correlation()).as("correlation at %s below %s", layers.get(i), layers.get(i - 1))
                        .isLessThan(r.layers().get(i - 1).correlation());
            }
            for (InvertJob.Layer l : r.layers()) {
                assertThat(l.relativeError()).as("%s error falls", l.layer()).isLessThan(l.startError());
            }
        }
    }
}
