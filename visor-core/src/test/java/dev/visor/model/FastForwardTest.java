package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.FashionMnist;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.optvis.DarknetTiny;
import dev.visor.optvis.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime path of {@link Model#forward} against the libtorch reference path on the same inputs: the whole
 * Fashion-MNIST test set and darknet-tiny's sample photos, logits and intermediate layers.
 */
class FastForwardTest {
    @org.junit.jupiter.api.BeforeAll
    static void switchOn() {
        System.setProperty(FastForward.PROPERTY, "on");
    }

    @org.junit.jupiter.api.AfterAll
    static void switchBack() {
        System.clearProperty(FastForward.PROPERTY);
    }

    /** Largest |fast − reference| over the pass; asserts the pass really ran on ONNX Runtime. */
    private static double deviation(Model m, NDArray x, ForwardRequest req, String layer) {
        Activations fast = m.forward(x, req);
        assertThat(fast.all()).as("the pass ran on ONNX Runtime (no weights among its values)")
                .doesNotContainKeys(m.graph().initializers().keySet().toArray(String[]::new));
        Activations ref = m.forward(x, req.reference());
        assertThat(ref.all()).containsKeys(m.graph().initializers().keySet().iterator().next());
        NDArray a = layer == null ? fast.output() : fast.get(layer);
        NDArray b = layer == null ? ref.output() : ref.get(layer);
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    /** Two passes build the session (the first runs on libtorch, the second checks ORT against it). */
    private static void warmUp(Model m, NDArray x, ForwardRequest req) {
        m.forward(x, req);
        m.forward(x, req);
    }

    @Test
    void fashionMnistTestSetLogitsMatchLibtorch() {
        try (Model m = ModelLoader.load("builtin:fashion-cnn"); NDManager root = m.manager().newSubManager()) {
            double worst = 0;
            int images = 0;
            boolean warm = false;
            for (Batches.Batch b : Batches.of(FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST), m.inputSpec(), 1000, root)) {
                try (b) {
                    if (!warm) {
                        warmUp(m, b.input(), ForwardRequest.of());
                        warm = true;
                    }
                    worst = Math.max(worst, deviation(m, b.input(), ForwardRequest.of(), null));
                    images += b.size();
                }
            }
            System.out.println("fashion-cnn, " + images + " test images: max |ORT - libtorch| logit = " + worst);
            assertThat(images).isEqualTo(10_000);
            assertThat(worst).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void darknetPhotosLogitsAndTwoLayersMatchLibtorch() throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(TestPaths.shared().resolve("images"))) {
            photos = s.filter(p -> p.toString().matches(".*\\.(png|jpg)")).sorted().toList();
        }
        try (Model m = DarknetTiny.load(); NDManager step = m.manager().newSubManager()) {
            InputSpec spec = m.inputSpec();
            NDArray x = spec.toModel(Images.load(step, photos, spec.channels(), spec.height(), spec.width()));
            ForwardRequest logits = ForwardRequest.of();
            ForwardRequest layers = ForwardRequest.of("leaky_re_lu_3", "leaky_re_lu_10");
            warmUp(m, x, logits);
            warmUp(m, x, layers);
            double l = deviation(m, x, logits, null);
            double a3 = deviation(m, x, layers, "leaky_re_lu_3");
            double a10 = deviation(m, x, layers, "leaky_re_lu_10");
            System.out.println("darknet-tiny, " + photos.size() + " photos: max |ORT - libtorch| logits " + l
                    + ", leaky_re_lu_3 " + a3 + ", leaky_re_lu_10 " + a10);
            assertThat(photos).hasSizeGreaterThanOrEqualTo(5);
            assertThat(Math.max(l, Math.max(a3, a10))).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void gradientsTrainingAndTheSwitchStayOnLibtorch() {
        try (Model m = ModelLoader.load("builtin:fashion-cnn"); NDManager step = m.manager().newSubManager()) {
            NDArray x = step.randomUniform(0, 1, m.inputSpec().batchShape(2));
            warmUp(m, x, ForwardRequest.of());
            String weight = m.graph().initializers().keySet().iterator().next();
            assertThat(m.forward(x).all()).doesNotContainKey(weight);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray leaf = x.duplicate();
                leaf.setRequiresGradient(true);
                Activations a = m.forward(leaf);
                assertThat(a.all()).containsKey(weight);
                a.backward(a.output().sum());
                assertThat(leaf.getGradient().abs().sum().getFloat()).isPositive();
            }
            System.setProperty(FastForward.PROPERTY, "off");
            try {
                assertThat(m.forward(x).all()).containsKey(weight);
                System.setProperty(FastForward.PROPERTY, "sometimes");
                assertThatThrownBy(() -> m.forward(x)).isInstanceOf(VisorException.class).hasMessageContaining("valid: on, off");
            } finally {
                System.setProperty(FastForward.PROPERTY, "on");
            }
        }
    }

    @Test
    void changedWeightsAreSeenAfterWeightsChanged() {
        try (Model m = ModelLoader.load("builtin:fashion-cnn"); NDManager step = m.manager().newSubManager()) {
            NDArray x = step.randomUniform(0, 1, m.inputSpec().batchShape(2));
            warmUp(m, x, ForwardRequest.of());
            NDArray before = m.forward(x).output();
            NDArray bias = m.graph().initializers().get(m.producerOf("logits").inputs().get(2));
            bias.addi(1f);
            m.weightsChanged();
            warmUp(m, x, ForwardRequest.of());
            NDArray after = m.forward(x).output();
            assertThat(after.sub(before).sub(1f).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }
}
