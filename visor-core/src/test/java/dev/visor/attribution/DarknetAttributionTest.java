package dev.visor.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.TestPaths;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.ObjectiveParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribution on the pretrained darknet-tiny and the cat photo. */
class DarknetAttributionTest {
    static Model model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(TestPaths.darknetTiny().toString());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void gradCamForEgyptianCatConcentratesOnTheCatAndAllMapsAreFinite() {
        try (NDManager m = Engines.newManager()) {
            var s = model.inputSpec();
            NDArray x = Images.toTensor(m, Images.read(TestPaths.shared().resolve("images/chelsea.png")), s.channels(), s.height(), s.width());
            Attributor at = new Attributor(model);
            var target = ObjectiveParser.parse("logit('Egyptian cat')", new ModelShapes(model));
            List<AttributionMap> rs = at.run(x, new Attribution(List.of(AttributionMethod.values()), target, null));
            for (AttributionMap r : rs) {
                float[] v = r.map().toFloatArray();
                double abs = 0;
                for (float f : v) {
                    assertThat(Float.isFinite(f)).as("%s finite", r.method()).isTrue();
                    abs += Math.abs(f);
                }
                assertThat(abs).as("%s not all zero", r.method()).isGreaterThan(0);
            }
            AttributionMap cam = rs.get(3);
            assertThat(cam.layer()).isEqualTo("conv2d_16");
            float[] v = cam.map().toFloatArray();
            int h = s.height();
            int w = s.width();
            double total = 0;
            double inside = 0;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double a = v[y * w + xx];
                    total += a;
                    if (xx >= w / 4 && xx < 3 * w / 4 && y >= h / 4 && y < 3 * h / 4) {
                        inside += a;
                    }
                }
            }
            // The cat's face (eyes, nose) fills the middle of the photo: a uniform map puts 1/4 of its mass in the
            // central quarter (half the width, half the height); ask for 30% more than that (measured: 0.42).
            assertThat(inside / total).as("Grad-CAM mass in the central quarter").isGreaterThan(1.3 * 0.25);
            assertThat(cam.scores()[0]).isCloseTo(model.forward(s.toModel(x)).output().getFloat(0, 7), org.assertj.core.data.Offset.offset(1e-3f));

            AttributionWriter.Written out = AttributionWriter.write(model, "chelsea.png", x, 0, rs, tmp, "chelsea");
            assertThat(out.maps()).hasSize(5);
            var side = dev.visor.report.Sidecar.read(dev.visor.report.Sidecar.pathFor(out.maps().get(3)));
            assertThat(side).containsEntry("method", "gradcam").containsEntry("layer", "conv2d_16")
                    .containsEntry("target", "logit(7)").containsEntry("input", "chelsea.png").doesNotContainKey("seed");
            assertThat(Images.read(out.grid()).getWidth()).isEqualTo(6 * 224 + 7 * 2);
        }
    }
}
