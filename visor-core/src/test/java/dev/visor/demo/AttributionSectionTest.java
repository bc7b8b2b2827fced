package dev.visor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.TestPaths;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's attribution section on the user's images. */
class AttributionSectionTest {
    @TempDir
    Path tmp;

    @Test
    void oneGridPerUserImageWithSidecarsAndNothingWithoutImagesOrData() {
        Path images = TestPaths.shared().resolve("images");
        try (Model model = ModelLoader.load("builtin:fashion-cnn")) {
            DemoSettings settings = new DemoSettings("builtin:fashion-cnn", null,
                    List.of(images.resolve("chelsea.png"), images.resolve("coffee.png")), tmp, 1);
            Report.Section s = new AttributionSection().run(new DemoContext(settings, model, new RunRandom(1)));
            assertThat(s.figures()).hasSize(2);
            for (Report.Figure f : s.figures()) {
                assertThat(tmp.resolve(f.src())).exists();
                assertThat(Sidecar.read(tmp.resolve(f.link()))).containsEntry("method", "gradcam").containsKey("layer");
            }
            assertThat(s.figures().get(0).caption()).startsWith("chelsea.png: ");
            DemoSettings none = new DemoSettings("builtin:fashion-cnn", null, List.of(), tmp, 1);
            assertThat(new AttributionSection().run(new DemoContext(none, model, new RunRandom(1)))).isNull();
        }
    }

    @Test
    void firstTestImageOfEachClassWhenNoImagesAreGiven() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dev.visor.data.FashionMnist.DEBIAN_DIR),
                "Fashion-MNIST not installed");
        try (Model model = ModelLoader.load("builtin:fashion-cnn")) {
            DemoSettings settings = new DemoSettings("builtin:fashion-cnn", "fashion-mnist", List.of(), tmp, 1);
            Report.Section s = new AttributionSection().run(new DemoContext(settings, model, new RunRandom(1)));
            assertThat(s.figures()).hasSize(10);
            assertThat(s.figures().get(0).caption()).contains("T-shirt");
        }
    }
}
