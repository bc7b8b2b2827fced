package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real pretrained TF.js layers classifier classifies real photos as an independent forward pass did. */
class DarknetTinyTest {
    static Model model;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(TestPaths.shared().resolve("models/darknet-tiny").toString());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private record Top(String label, float p) {}

    private static Top classify(String image) {
        try (NDManager m = Engines.newManager()) {
            Path file = TestPaths.shared().resolve("images").resolve(image);
            var spec = model.inputSpec();
            NDArray x = spec.toModel(Images.toTensor(m, Images.read(file), spec.channels(), spec.height(), spec.width()));
            NDArray p = model.forward(x).output().softmax(1);
            int best = (int) p.argMax(1).getLong(0);
            System.out.printf("%s -> %s p=%.4f%n", image, model.labels().get(best), p.getFloat(0, best));
            return new Top(model.labels().get(best), p.getFloat(0, best));
        }
    }

    @Test
    void readsTopologyInputSpecAndLabels() {
        assertThat(model.inputSpec().height()).isEqualTo(224);
        assertThat(model.inputSpec().channels()).isEqualTo(3);
        assertThat(model.inputSpec().fileLayout()).isEqualTo("NHWC");
        assertThat(model.inputSpec().rangeMax()).isEqualTo(1f);
        assertThat(model.labels()).hasSize(1000).startsWith("kit fox");
        assertThat(model.layerNames()).contains("conv2d_1", "leaky_re_lu_15", "max_pooling2d_4", "global_average_pooling2d_1")
                .hasSize(51);
        long params = model.graph().initializers().values().stream().mapToLong(NDArray::size).sum();
        assertThat(params).isEqualTo(1_046_488L);
    }

    @Test
    void chelseaIsAnEgyptianCat() {
        Top t = classify("chelsea.png");
        assertThat(t.label()).isEqualTo("Egyptian cat");
        assertThat(t.p()).isCloseTo(0.63f, within(0.03f));
    }

    @Test
    void coffeeIsEspresso() {
        Top t = classify("coffee.png");
        assertThat(t.label()).isEqualTo("espresso");
        assertThat(t.p()).isCloseTo(0.73f, within(0.03f));
    }
}
