package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.data.FashionMnist;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's inversion, projection and sanity sections on builtin:fashion-cnn and its first test image. */
class ExplainSectionsTest {
    @TempDir
    Path tmp;

    @Test
    void eachSectionWritesItsFigureAndSidecarAndNothingWithoutAnImage() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
        try (Model model = ModelLoader.load("builtin:fashion-cnn")) {
            DemoContext ctx = new DemoContext(new DemoSettings("builtin:fashion-cnn", "fashion-mnist", List.of(), tmp, 0), model,
                    new RunRandom(0));
            long t0 = System.nanoTime();
            Report.Section inv = new InversionSection().run(ctx);
            long t1 = System.nanoTime();
            Report.Section proj = new ProjectionSection().run(ctx);
            long t2 = System.nanoTime();
            Report.Section san = new SanitySection().run(ctx);
            long t3 = System.nanoTime();
            System.out.printf("demo sections: inversion %.1f s, projection %.1f s, sanity %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    (t3 - t2) / 1e9);
            for (Report.Section s : List.of(inv, proj, san)) {
                assertThat(s.figures()).hasSize(1);
                assertThat(tmp.resolve(s.figures().get(0).src())).exists();
                assertThat(tmp.resolve(s.figures().get(0).link())).exists();
                assertThat(s.text()).contains("fashion-mnist:test#0");
            }
            inv.rows().forEach(r -> System.out.println("inversion " + r));
            // Shallow to deep: a rectifier of the first block first, the logits last (fashion-cnn's layer list).
            assertThat(inv.rows()).extracting(r -> r.get(0)).startsWith("relu1").endsWith("logits");
            // The shallowest reconstruction resembles the image; the optimisation lowered every layer's error.
            assertThat(Double.parseDouble(inv.rows().get(0).get(2))).isGreaterThan(0.5);
            for (List<String> r : inv.rows()) {
                String[] err = r.get(1).split(" → ");
                assertThat(Double.parseDouble(err[1])).as(r.get(0)).isLessThan(Double.parseDouble(err[0]));
            }
            Map<String, Object> side = Sidecar.read(tmp.resolve(inv.figures().get(0).link()));
            assertThat(side).containsEntry("seed", RunRandom.derive(0, "inversion")).containsEntry("input", "fashion-mnist:test#0 (Ankle boot)");
            // Zeiler and Fergus's nine units.
            assertThat(proj.rows()).hasSize(9);
            // fashion-cnn has four weighted layers (conv1, conv2, fc1, logits): four cascading rows and four independent ones.
            assertThat(san.rows()).hasSize(8);
            assertThat(san.header()).contains("saliency ρ", "guided ρ", "deconvnet ρ", "gradcam ρ");
            DemoContext none = new DemoContext(new DemoSettings("builtin:fashion-cnn", null, List.of(), tmp, 0), model, new RunRandom(0));
            assertThat(new InversionSection().run(none)).isNull();
            assertThat(new ProjectionSection().run(none)).isNull();
            assertThat(new SanitySection().run(none)).isNull();
        }
    }
}
