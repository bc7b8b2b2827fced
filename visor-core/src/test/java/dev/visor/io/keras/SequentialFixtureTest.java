package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.Engines;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.model.OpRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Sequential fixture (ZeroPadding2D, Conv2D relu6, Cropping2D, UpSampling2D, Conv2DTranspose,
 * PReLU, ELU, capped ReLU, GlobalMaxPooling2D): its ONNX nodes and attributes, and its numbers
 * against make_fixtures.py once the ops exist (until then the numeric test is skipped, naming them).
 */
class SequentialFixtureTest {
    static NDManager manager;
    static KerasTranslator.Translation t;
    static Map<String, Node> nodes;

    @BeforeAll
    static void translate() {
        manager = Engines.newManager();
        t = KerasTranslator.translate(TfjsReader.read(TestPaths.resources().resolve("sequential-tfjs")), manager);
        nodes = t.graph().nodes().stream().collect(Collectors.toMap(Node::name, Function.identity()));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static long[] init(String name) {
        return t.graph().initializers().get(name).toLongArray();
    }

    private static float[] initF(String name) {
        return t.graph().initializers().get(name).toFloatArray();
    }

    @Test
    void sequentialWithoutInputLayerGetsOneFromTheFirstLayer() {
        Graph g = t.graph();
        assertThat(g.inputName()).isEqualTo("pad_input");
        assertThat(g.inputShape()).containsExactly(-1, 3, 6, 6);
        assertThat(t.inputSpec().height()).isEqualTo(6);
        assertThat(g.layerAliases().keySet()).containsExactly("pad", "conv_r6", "crop", "up", "deconv", "prelu", "elu",
                "relu_cap", "gmp");
        assertThat(g.outputs()).containsExactly(g.layerAliases().get("gmp"));
    }

    @Test
    void paddingCroppingAndUpsamplingAreOnnxPadSliceResize() {
        Node pad = nodes.get("pad/Pad");
        assertThat(pad.attributes().getString("mode", "")).isEqualTo("constant");
        assertThat(init(pad.inputs().get(1))).containsExactly(0, 0, 1, 2, 0, 0, 0, 1);
        Node crop = nodes.get("crop/Slice");
        assertThat(init(crop.inputs().get(1))).containsExactly(1, 0);
        assertThat(init(crop.inputs().get(2))).containsExactly(Long.MAX_VALUE, -2);
        assertThat(init(crop.inputs().get(3))).containsExactly(2, 3);
        Node up = nodes.get("up/Resize");
        assertThat(up.inputs().get(1)).isEmpty();
        assertThat(initF(up.inputs().get(2))).containsExactly(1f, 1f, 2f, 2f);
        assertThat(up.attributes().getString("mode", "")).isEqualTo("nearest");
        assertThat(up.attributes().getString("coordinate_transformation_mode", "")).isEqualTo("asymmetric");
        assertThat(up.attributes().getString("nearest_mode", "")).isEqualTo("floor");
    }

    @Test
    void activationsAreClipPReluElu() {
        Node r6 = nodes.get("conv_r6/Clip");
        assertThat(r6.inputs().get(0)).isEqualTo("conv_r6/Conv");
        assertThat(initF(r6.inputs().get(1))).containsExactly(0f);
        assertThat(initF(r6.inputs().get(2))).containsExactly(6f);
        assertThat(initF(nodes.get("relu_cap/Clip").inputs().get(2))).containsExactly(1.5f);
        assertThat(t.graph().initializers().get(nodes.get("prelu/PRelu").inputs().get(1)).getShape().getShape())
                .containsExactly(3, 1, 1);
        assertThat(nodes.get("elu/Elu").attributes().getFloat("alpha", 0)).isEqualTo(0.7f);
        assertThat(t.graph().layerAliases().get("conv_r6")).isEqualTo("conv_r6/Clip");
    }

    @Test
    void conv2dTransposeSameStride2CropsTheSmallerHalfFirst() {
        Node d = nodes.get("deconv/ConvTranspose");
        Attributes a = d.attributes();
        assertThat(a.getLongs("strides", null)).containsExactly(2, 2);
        assertThat(a.getLongs("pads", null)).containsExactly(0, 0, 1, 1);
        assertThat(a.has("output_padding")).isFalse();
        // Keras (kh, kw, out, in) = (3, 3, 3, 4) -> ONNX (in, out, kh, kw).
        assertThat(t.graph().initializers().get(d.inputs().get(1)).getShape().getShape()).containsExactly(4, 3, 3, 3);
    }

    @Test
    void matchesNumpyWhenTheOpsExist() {
        OpRegistry ops = OpRegistry.standard();
        List<String> missing = t.graph().nodes().stream().map(Node::opType).filter(o -> !ops.supports(o))
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        assumeTrue(missing.isEmpty(), "needs ops " + missing + " from the onnx branch");
        KerasFile file = TfjsReader.read(TestPaths.resources().resolve("sequential-tfjs"));
        Expected exp = Expected.read(TestPaths.resources().resolve("sequential_expected.json"));
        try (Model model = KerasModels.toModel(file); NDManager m = Engines.newManager()) {
            String[] layers = exp.layers().toArray(String[]::new);
            Activations a = model.forward(exp.inputNchw(m), layers);
            for (String l : layers) {
                NDArray got = Expected.kerasLayout(a, l);
                NDArray want = exp.output(m, l);
                assertThat(got.getShape()).as(l).isEqualTo(want.getShape());
                assertThat(got.sub(want).abs().max().getFloat()).as(l).isLessThan(2e-5f);
            }
        }
    }
}
