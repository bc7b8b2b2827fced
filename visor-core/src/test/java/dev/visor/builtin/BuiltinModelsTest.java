package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.model.Model;
import dev.visor.train.Evaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped weights, measured on the whole Fashion-MNIST test set (10000 images). */
class BuiltinModelsTest {
    static Dataset test;

    @BeforeAll
    static void data() {
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
    }

    private static double accuracy(String name, double threshold) {
        try (Model m = ModelLoader.load("builtin:" + name)) {
            assertThat(m.labels()).isEqualTo(FashionMnist.CLASS_NAMES);
            assertThat(m.layerNames()).contains("conv1", "bn1", "relu1", "pool1", "conv2", "fc1", "relu_fc1", "logits");
            Evaluation.Result r = Evaluation.run(m, test, 500);
            assertThat(r.total()).isEqualTo(10000);
            assertThat(r.accuracy()).as(name + " test accuracy").isGreaterThanOrEqualTo(threshold);
            Provenance p = BuiltinModels.provenance(name);
            // The number recorded at training time is the one measured now.
            assertThat(r.accuracy()).isCloseTo(p.testAccuracy(), offset(0.001));
            assertThat(p.command()).startsWith("visor train classifier").contains("--arch " + name).contains("--seed " + p.seed());
            return r.accuracy();
        }
    }

    @Test
    void fashionCnnReaches91PercentOnTheTestSet() {
        accuracy("fashion-cnn", 0.91);
    }

    @Test
    void fashionCnnBReaches90PercentOnTheTestSet() {
        accuracy("fashion-cnn-b", 0.90);
    }

    @Test
    void unknownBuiltinNamesTheValidOnes() {
        assertThatThrownBy(() -> ModelLoader.load("builtin:fashion")).isInstanceOf(VisorException.class)
                .hasMessageContaining("builtin:fashion-cnn, builtin:fashion-cnn-b");
    }
}
