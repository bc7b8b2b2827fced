package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.optvis.DarknetTiny;
import dev.visor.optvis.TestPaths;
import dev.visor.stats.PassListener;
import dev.visor.stats.TopK;
import dev.visor.top.TopJob;
import dev.visor.top.TopResult;
import dev.visor.top.TopSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime path of {@link Model#forward} against the libtorch reference path on the same inputs: the whole
 * Fashion-MNIST test set and darknet-tiny's sample photos, logits and intermediate layers; {@code top} through both
 * paths; and that a pass's answer does not depend on the passes before it.
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

    /** A pass before the measured ones (any pass may build a layer set's session; none should change answers). */
    private static void warmUp(Model m, NDArray x, ForwardRequest req) {
        m.forward(x, req);
    }

    @Test
    void theFirstPassAnswersFromOnnxRuntimeWhateverRanBefore() {
        try (Model fresh = ModelLoader.load("builtin:fashion-cnn"); Model used = ModelLoader.load("builtin:fashion-cnn");
             NDManager step = fresh.manager().newSubManager()) {
            NDArray a = step.randomUniform(0, 1, fresh.inputSpec().batchShape(3));
            NDArray b = step.randomUniform(0, 1, fresh.inputSpec().batchShape(5));
            Activations first = fresh.forward(b, ForwardRequest.of("bn2"));
            assertThat(first.all()).as("the very first pass ran on ONNX Runtime")
                    .doesNotContainKeys(fresh.graph().initializers().keySet().toArray(String[]::new));
            used.forward(a, ForwardRequest.of("bn2"));
            used.forward(a, ForwardRequest.of("bn1", "bn2"));
            used.forward(a, ForwardRequest.of("bn2").reference());
            used.forward(b);
            Activations later = used.forward(b, ForwardRequest.of("bn2"));
            assertThat(later.get("bn2").toFloatArray()).as("bit-identical after other passes").isEqualTo(first.get("bn2").toFloatArray());
            Activations ref = fresh.forward(b, ForwardRequest.of("bn2").reference());
            assertThat(ref.get("bn2").sub(first.get("bn2")).abs().max().getFloat()).isLessThanOrEqualTo(1e-4f);
        }
    }

    @Test
    void topThroughTheFastPathEqualsTheReferencePath() {
        List<String> layers = List.of("bn1", "bn2");
        int[] first = java.util.stream.IntStream.range(0, 2000).toArray();
        Dataset probe = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).subset(first);
        TopSettings settings = TopSettings.defaults().withLayers(layers).withBatchSize(100);
        TopResult fast;
        TopResult ref;
        try (Model m = ModelLoader.load("builtin:fashion-cnn")) {
            fast = TopJob.run(m, probe, settings, PassListener.NONE);
        }
        System.setProperty(FastForward.PROPERTY, "off");
        try (Model m = ModelLoader.load("builtin:fashion-cnn")) {
            ref = TopJob.run(m, probe, settings, PassListener.NONE);
        } finally {
            System.setProperty(FastForward.PROPERTY, "on");
        }
        double worst = 0;
        int units = 0;
        for (String layer : layers) {
            TopK f = fast.top(layer);
            TopK r = ref.top(layer);
            assertThat(f.units()).isEqualTo(r.units());
            for (int u = 0; u < r.units().length; u++) {
                List<TopK.Entry> fe = f.entries(u);
                List<TopK.Entry> re = r.entries(u);
                assertThat(fe.stream().map(e -> List.of(e.image(), e.y(), e.x())).toList()).as("%s unit %d: top-k images and positions", layer, u)
                        .isEqualTo(re.stream().map(e -> List.of(e.image(), e.y(), e.x())).toList());
                for (int i = 0; i < re.size(); i++) {
                    worst = Math.max(worst, Math.abs(fe.get(i).value() - re.get(i).value()));
                }
                units++;
            }
        }
        System.out.println("top over 2000 test images, " + units + " units: same ids; max |fast - reference| top value " + worst);
        assertThat(worst).isLessThanOrEqualTo(1e-4);
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
