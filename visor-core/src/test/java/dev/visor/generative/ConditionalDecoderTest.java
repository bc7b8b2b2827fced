package dev.visor.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.dgnam.DgnAmJob;
import dev.visor.dgnam.DgnAmResult;
import dev.visor.dgnam.DgnAmSettings;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Activations;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.optvis.param.LatentParameterization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, must-show 4 and 6 (core side): a two-input conditional decoder saved as ONNX in the test is a
 * generator through its latent input with the label fixed; the gradient to the latent matches central finite
 * differences; DGN-AM raises the objective and leaves the fixed input as it was; bad generators fail in one line
 * naming shapes and inputs.
 */
class ConditionalDecoderTest {
    @TempDir
    static Path tmp;
    static Model classifier;
    static Model decoder;

    @BeforeAll
    static void load() {
        classifier = ModelLoader.load("builtin:fashion-cnn");
        decoder = ModelLoader.load(ConditionalDecoder.write(tmp, 3).toString());
    }

    @AfterAll
    static void close() {
        decoder.close();
        classifier.close();
    }

    @Test
    void theOnnxFileHasTwoInputsAndTheLabelChangesTheImage() {
        assertThat(decoder.graph().inputNames()).containsExactly("z", "label");
        try (LatentGenerator seven = gen("label", "onehot:7"); LatentGenerator two = gen("label", "onehot:2");
             NDManager m = classifier.manager().newSubManager()) {
            NDArray h = new RunRandom(1).normal(m, new Shape(1, ConditionalDecoder.LATENT), 1f);
            NDArray a = seven.images(h);
            NDArray b = two.images(h);
            assertThat(a.getShape()).isEqualTo(new Shape(1, 1, 28, 28));
            assertThat(a.sub(b).abs().max().getFloat()).as("the fixed label reaches the image").isGreaterThan(0.1f);
        }
    }

    @Test
    void theGradientToTheLatentMatchesFiniteDifferences() {
        Objective o = ObjectiveParser.parse("logit(7)", new ModelShapes(classifier));
        try (LatentGenerator g = gen("label", "onehot:7"); NDManager m = classifier.manager().newSubManager()) {
            NDArray start = new RunRandom(5).normal(m, new Shape(1, ConditionalDecoder.LATENT), 0.5f);
            try (LatentParameterization p = new LatentParameterization(m, g, start, 1)) {
                float[] grad;
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray leaf = p.code().duplicate();
                    leaf.attach(sm);
                    leaf.setRequiresGradient(true);
                    NDArray img = p.image(List.of(leaf));
                    Activations acts = classifier.forward(classifier.inputSpec().toModel(img), dev.visor.model.ForwardRequest.of(List.copyOf(o.layers())));
                    acts.backward(o.score(new Evaluation(acts, img)).sum());
                    grad = leaf.getGradient().toFloatArray();
                }
                float[] h0 = p.code().toFloatArray();
                double eps = 5e-4;
                double maxAbs = 0;
                for (float v : grad) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
                assertThat(maxAbs).as("a gradient reaches the latent").isGreaterThan(1e-3);
                for (int j = 0; j < h0.length; j++) {
                    double plus = score(o, p, h0, j, eps, m);
                    double minus = score(o, p, h0, j, -eps, m);
                    double fd = (plus - minus) / (2 * eps);
                    assertThat(grad[j]).as("d logit(7) / d z[" + j + "]").isCloseTo((float) fd, org.assertj.core.data.Offset.offset(
                            (float) (0.02 * maxAbs + 1e-3)));
                }
                assertThat(p.code().toFloatArray()).as("the check leaves the code alone").containsExactly(h0);
            }
        }
    }

    private static double score(Objective o, LatentParameterization p, float[] h0, int j, double eps, NDManager m) {
        try (NDManager sm = m.newSubManager()) {
            float[] h = h0.clone();
            h[j] += (float) eps;
            NDArray img = p.image(List.of(sm.create(h, new Shape(1, h.length))));
            Activations acts = classifier.forward(classifier.inputSpec().toModel(img), dev.visor.model.ForwardRequest.of(List.copyOf(o.layers())).reference());
            return o.score(new Evaluation(acts, img)).getFloat(0);
        }
    }

    @Test
    void dgnAmThroughTheLatentInputRaisesTheObjectiveAndKeepsTheFixedInput() {
        try (LatentGenerator g = gen("label", "onehot:7")) {
            float[] before = g.fixedValue("label").toFloatArray();
            DgnAmSettings s = DgnAmSettings.builder().objectives(List.of("logit(7)", "logit(1)")).copies(2).steps(30).judge("")
                    .learningRate(1).build();
            DgnAmResult r = DgnAmJob.run(classifier, g, s, null);
            assertThat(r.items()).hasSize(4);
            for (DgnAmResult.Item it : r.items()) {
                assertThat(it.end()).as(it.objective() + " copy " + it.copy()).isGreaterThan(it.start());
            }
            assertThat(g.fixedValue("label").toFloatArray()).as("the fixed input is not changed").containsExactly(before);
            assertThat(before[7]).isEqualTo(1f);
            assertThat(r.codes()[0]).as("the latent was optimised").isNotEqualTo(r.startCodes()[0]);
            assertThat(r.startCodes()[0]).as("item j·copies + k starts from copy k's code").containsExactly(r.startCodes()[2]);
        }
    }

    @Test
    void badGeneratorsFailInOneLineNamingShapesAndInputs() throws java.io.IOException {
        assertThatThrownBy(() -> new LatentGenerator(decoder, "w", Map.of("label", "zeros"), 0, 1, classifier.inputSpec()))
                .isInstanceOf(VisorException.class).hasMessageContaining("unknown latent input 'w'")
                .hasMessageContaining("z [N,8]").hasMessageContaining("label [N,10]");
        assertThatThrownBy(() -> new LatentGenerator(decoder, "z", Map.of(), 0, 1, classifier.inputSpec()))
                .isInstanceOf(VisorException.class).hasMessageContaining("input 'label'").hasMessageContaining("--fix-input");
        assertThatThrownBy(() -> new LatentGenerator(decoder, "", Map.of(), 0, 1, classifier.inputSpec()))
                .isInstanceOf(VisorException.class).hasMessageContaining("has 2 inputs").hasMessageContaining("--latent-input");
        assertThatThrownBy(() -> new LatentGenerator(decoder, "z", Map.of("label", "onehot:12"), 0, 1, classifier.inputSpec()))
                .isInstanceOf(VisorException.class).hasMessageContaining("onehot:12").hasMessageContaining("[N,10]");
        for (long[] shape : new long[][] {{-1, 28, 28}, {-1, 784}, {-1, 2, 392, 1}}) {
            Path dir = tmp.resolve("bad" + shape.length + "_" + shape[1]);
            java.nio.file.Files.createDirectories(dir);
            try (Model bad = ModelLoader.load(ConditionalDecoder.write(dir, 3, shape).toString())) {
                assertThatThrownBy(() -> new LatentGenerator(bad, "z", Map.of("label", "zeros"), 0, 1, classifier.inputSpec()))
                        .isInstanceOf(VisorException.class).hasMessageContaining("generator output 'image' has shape")
                        .hasMessageContaining("1x28x28").hasMessageContaining("z [N,8], label [N,10]")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }
    }

    @Test
    void codeClipAndDecayAreStepOperationsOnTheLatentOnly() {
        try (LatentGenerator g = gen("label", "zeros"); NDManager m = classifier.manager().newSubManager()) {
            float[] h = {-1f, 0.5f, 5f, 2f, -0.1f, 0f, 3f, 9f};
            float[] upper = {1f, 1f, 1f, 1f, 2f, 2f, 2f, 2f};
            try (LatentParameterization p = new LatentParameterization(m, g, m.create(h, new Shape(1, 8)), 1)) {
                var ctx = new dev.visor.optvis.step.StepContext(p, new java.util.ArrayList<>(), 0, 1, m, new RunRandom(0));
                new dev.visor.optvis.step.LatentDecay(0.99f).apply(ctx);
                new dev.visor.optvis.step.LatentClip(0f, upper).apply(ctx);
                float[] got = p.code().toFloatArray();
                for (int j = 0; j < h.length; j++) {
                    float want = Math.min(upper[j], Math.max(0f, 0.99f * h[j]));
                    assertThat(got[j]).as("unit " + j).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
            try (var pixels = new dev.visor.optvis.param.PixelParameterization(m, new Shape(1, 1, 28, 28), false, 0.5f, 0.1f, new RunRandom(0))) {
                var ctx = new dev.visor.optvis.step.StepContext(pixels, new java.util.ArrayList<>(), 0, 1, m, new RunRandom(0));
                assertThatThrownBy(() -> new dev.visor.optvis.step.LatentDecay(0.99f).apply(ctx)).isInstanceOf(VisorException.class)
                        .hasMessageContaining("latent parameterisation");
            }
            assertThatThrownBy(() -> dev.visor.optvis.param.ParameterizationKind.registry().get("latent")
                    .create(null, classifier, new Shape(1, 1, 28, 28), new RunRandom(0), m))
                    .isInstanceOf(VisorException.class).hasMessageContaining("visor dgn-am");
        }
    }

    private static LatentGenerator gen(String fixed, String value) {
        return new LatentGenerator(decoder, "z", Map.of(fixed, value), 0, 1, classifier.inputSpec());
    }
}
