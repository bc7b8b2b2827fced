package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Activations;
import dev.visor.model.Model;
import org.junit.jupiter.api.Test;

/**
 * The functional fixture (conv, BN, depthwise, separable, add, pools, multiply, concat, reshape,
 * dense, softmax) read from .h5 and from TF.js gives the outputs of make_fixtures.py's numpy pass.
 */
class KerasFixtureTest {
    private static float maxDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    /** Runs every layer of the expected file and returns the worst absolute error. */
    private static float worstError(Model model, Expected exp) {
        float worst = 0;
        try (NDManager m = Engines.newManager()) {
            String[] layers = exp.layers().toArray(String[]::new);
            Activations a = model.forward(exp.inputNchw(m), layers);
            for (String l : layers) {
                float d = maxDiff(Expected.kerasLayout(a, l), exp.output(m, l));
                assertThat(d).as("layer %s", l).isLessThan(2e-5f);
                worst = Math.max(worst, d);
            }
        }
        return worst;
    }

    @Test
    void h5MatchesNumpy() {
        try (Model model = ModelLoader.load(TestPaths.resources().resolve("functional.h5").toString())) {
            float worst = worstError(model, Expected.read(TestPaths.resources().resolve("functional_expected.json")));
            System.out.println("h5 worst error " + worst);
        }
    }

    @Test
    void tfjsMatchesNumpyAndReadsLabels() {
        try (Model model = ModelLoader.load(TestPaths.resources().resolve("functional-tfjs").toString())) {
            worstError(model, Expected.read(TestPaths.resources().resolve("functional_expected.json")));
            assertThat(model.labels()).containsExactly("zero", "one", "two", "three", "four");
            assertThat(model.inputSpec().height()).isEqualTo(7);
            assertThat(model.inputSpec().fileLayout()).isEqualTo("NHWC");
        }
    }

    @Test
    void h5AndTfjsGiveIdenticalOutputs() {
        try (Model h5 = ModelLoader.load(TestPaths.resources().resolve("functional.h5").toString());
             Model js = ModelLoader.load(TestPaths.resources().resolve("functional-tfjs/model.json").toString());
             NDManager m = Engines.newManager()) {
            NDArray x = Expected.read(TestPaths.resources().resolve("functional_expected.json")).inputNchw(m);
            assertThat(h5.layerNames()).isEqualTo(js.layerNames());
            for (String l : h5.layerNames()) {
                assertThat(maxDiff(h5.forward(x, l).get(l), js.forward(x, l).get(l))).as(l).isEqualTo(0f);
            }
        }
    }

    @Test
    void quantisedTfjsWeightsAreDequantised() {
        // uint8 / uint16 (q·scale + min) and float16 weights; numpy used the same dequantised values.
        try (Model model = ModelLoader.load(TestPaths.resources().resolve("functional-quant-tfjs").toString())) {
            worstError(model, Expected.read(TestPaths.resources().resolve("functional_quant_expected.json")));
        }
    }
}
