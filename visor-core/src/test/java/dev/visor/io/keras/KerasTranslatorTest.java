package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.engine.Engines;
import dev.visor.model.Graph;
import dev.visor.model.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Translation details checked on small in-memory configs: ONNX attributes, Keras 3 configs, layouts. */
class KerasTranslatorTest {
    private final NDManager manager = Engines.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WeightTensor zeros(String name, int... shape) {
        return new WeightTensor(name, shape, new float[(int) WeightTensor.size(shape)]);
    }

    private KerasTranslator.Translation translate(String sequentialLayers, WeightTensor... weights) {
        KerasWeights w = new KerasWeights();
        for (WeightTensor t : weights) {
            w.add(t);
        }
        JsonNode cfg = json("{'class_name': 'Sequential', 'config': {'name': 's', 'layers': [" + sequentialLayers + "]}}");
        return KerasTranslator.translate(new KerasFile(cfg, w, List.of(), "test.json"), manager);
    }

    private static Map<String, Node> nodes(Graph g) {
        return g.nodes().stream().collect(Collectors.toMap(Node::name, Function.identity()));
    }

    @Test
    void sameWithStride2IsSameUpperAndStride1HasExplicitPads() {
        var t = translate("{'class_name': 'InputLayer', 'config': {'name': 'in', 'batch_input_shape': [null, 9, 9, 3]}},"
                + "{'class_name': 'Conv2D', 'config': {'name': 'c1', 'padding': 'same', 'strides': [2, 2], 'use_bias': false,"
                + " 'activation': 'swish'}},"
                + "{'class_name': 'Conv2D', 'config': {'name': 'c2', 'padding': 'same', 'strides': 1, 'dilation_rate': 2,"
                + " 'use_bias': false, 'activation': 'linear'}},"
                + "{'class_name': 'MaxPooling2D', 'config': {'name': 'p', 'pool_size': [2, 2], 'strides': null, 'padding': 'same'}}",
                zeros("c1/kernel:0", 3, 3, 3, 4), zeros("c2/kernel:0", 4, 4, 4, 5));
        Map<String, Node> n = nodes(t.graph());
        assertThat(n.get("c1/Conv").attributes().getString("auto_pad", "")).isEqualTo("SAME_UPPER");
        assertThat(n.get("c1/Conv").attributes().getLongs("strides", null)).containsExactly(2, 2);
        // kernel 4 dilated by 2 spans 7: pads 3 + 3; kernels are OIHW.
        assertThat(n.get("c2/Conv").attributes().getLongs("pads", null)).containsExactly(3, 3, 3, 3);
        assertThat(t.graph().initializers().get("c2/kernel").getShape().getShape()).containsExactly(5, 4, 4, 4);
        // pool strides default to the pool size
        assertThat(n.get("p/MaxPool").attributes().getLongs("strides", null)).containsExactly(2, 2);
        assertThat(n.get("p/MaxPool").attributes().getString("auto_pad", "")).isEqualTo("SAME_UPPER");
        // swish = x * sigmoid(x); the layer's alias is its last node
        assertThat(n.get("c1/Mul").inputs()).containsExactly("c1/Conv", "c1/Sigmoid");
        assertThat(t.graph().layerAliases()).containsEntry("c1", "c1/Mul").containsEntry("c2", "c2/Conv");
    }

    @Test
    void flattenBeforeDenseGoesThroughNhwc() {
        var t = translate("{'class_name': 'Flatten', 'config': {'name': 'f', 'batch_input_shape': [null, 2, 2, 3]}},"
                + "{'class_name': 'Dense', 'config': {'name': 'd', 'units': 4, 'use_bias': true, 'activation': 'softmax'}}",
                zeros("d/kernel", 12, 4), zeros("d/bias", 4));
        Map<String, Node> n = nodes(t.graph());
        assertThat(n.get("f/Transpose").attributes().getLongs("perm", null)).containsExactly(0, 2, 3, 1);
        assertThat(n.get("f/Flatten").inputs()).containsExactly("f/Transpose");
        assertThat(n.get("d/Gemm").inputs()).containsExactly("f/Flatten", "d/kernel", "d/bias");
        assertThat(n.get("d/Softmax").attributes().getLong("axis", 0)).isEqualTo(1);
    }

    @Test
    void rescalingAfterTheInputMeansRawPixels() {
        var t = translate("{'class_name': 'InputLayer', 'config': {'name': 'in', 'batch_shape': [null, 32, 32, 1]}},"
                + "{'class_name': 'Rescaling', 'config': {'name': 'r', 'scale': 0.00392156862745098, 'offset': 0.0}}");
        assertThat(t.inputSpec().rangeMax()).isEqualTo(255f);
        assertThat(t.inputSpec().channels()).isEqualTo(1);
        assertThat(t.graph().inputShape()).containsExactly(-1, 1, 32, 32);
    }

    @Test
    void keras3FunctionalConfigWithSharedLayer() {
        String tensor = "{'class_name': '__keras_tensor__', 'config': {'shape': [null, 4, 4, 3], 'keras_history': ['%s', %d, 0]}}";
        JsonNode cfg = json("{'class_name': 'Functional', 'config': {'name': 'f', 'layers': ["
                + "{'class_name': 'InputLayer', 'name': 'x', 'config': {'name': 'x', 'batch_shape': [null, 4, 4, 3]}, 'inbound_nodes': []},"
                + "{'class_name': 'Activation', 'name': 'act', 'config': {'name': 'act', 'activation': 'relu'}, 'inbound_nodes': ["
                + "{'args': [" + String.format(tensor, "x", 0) + "], 'kwargs': {}},"
                + "{'args': [" + String.format(tensor, "act", 0) + "], 'kwargs': {}}]},"
                + "{'class_name': 'Add', 'name': 'sum', 'config': {'name': 'sum'}, 'inbound_nodes': ["
                + "{'args': [[" + String.format(tensor, "act", 0) + ", " + String.format(tensor, "act", 1) + "]], 'kwargs': {}}]}],"
                + "'input_layers': [['x', 0, 0]], 'output_layers': ['sum', 0, 0]}}");
        KerasTopology topo = KerasTopology.parse(cfg, "k3");
        assertThat(topo.calls()).extracting(KerasTopology.Call::layer).containsExactly("x", "act", "act", "sum");
        assertThat(topo.outputs()).containsExactly(new KerasTopology.Ref("sum", 0, 0));
        var t = KerasTranslator.translate(new KerasFile(cfg, new KerasWeights(), List.of(), "k3"), manager);
        Map<String, Node> n = nodes(t.graph());
        assertThat(n.get("act@1/Relu").inputs()).containsExactly("act/Relu");
        assertThat(n.get("sum/Add").inputs()).containsExactly("act/Relu", "act@1/Relu");
        assertThat(t.graph().layerAliases().keySet()).containsExactly("act", "act@1", "sum");
    }

    @Test
    void depthwiseKernelKeepsTensorFlowChannelOrder() {
        // (kh, kw, C, M) = (1, 1, 3, 2): output channel c·M + m holds kernel[0, 0, c, m].
        float[] v = {1, 2, 3, 4, 5, 6};
        var t = translate("{'class_name': 'DepthwiseConv2D', 'config': {'name': 'dw', 'batch_input_shape': [null, 3, 3, 3],"
                + " 'padding': 'valid', 'use_bias': false}}", new WeightTensor("dw/depthwise_kernel", new int[] {1, 1, 3, 2}, v));
        assertThat(t.graph().initializers().get("dw/depthwise_kernel").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(t.graph().initializers().get("dw/depthwise_kernel").getShape().getShape()).containsExactly(6, 1, 1, 1);
        assertThat(nodes(t.graph()).get("dw/Conv").attributes().getLong("group", 0)).isEqualTo(3);
    }

    @Test
    void weightPermuteMovesAxes() {
        WeightTensor w = new WeightTensor("w", new int[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        assertThat(w.permute(1, 0).data()).containsExactly(0, 3, 1, 4, 2, 5);
        WeightTensor h = new WeightTensor("h", new int[] {1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5}).permute(2, 0, 1);
        assertThat(h.shape()).containsExactly(3, 1, 2);
        assertThat(h.data()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void halfFloatsDecode() {
        assertThat(Half.toFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(Half.toFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(Half.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(Half.toFloat((short) 0x0001)).isEqualTo(5.9604645e-8f);
        assertThat(Half.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void aModelWithAVectorInputAndASecondInputIsAGeneratorGraph() {
        // A conditional decoder: Dense(z) + Dense(label) -> Reshape (2, 2, 3). z is the graph input, label an extra one.
        String tensor = "{'class_name': '__keras_tensor__', 'config': {'shape': [null, 12], 'keras_history': ['%s', 0, 0]}}";
        JsonNode cfg = json("{'class_name': 'Functional', 'config': {'name': 'dec', 'layers': ["
                + "{'class_name': 'InputLayer', 'name': 'z', 'config': {'name': 'z', 'batch_shape': [null, 4]}, 'inbound_nodes': []},"
                + "{'class_name': 'InputLayer', 'name': 'label', 'config': {'name': 'label', 'batch_shape': [null, 3]}, 'inbound_nodes': []},"
                + "{'class_name': 'Dense', 'name': 'dz', 'config': {'name': 'dz', 'units': 12, 'use_bias': false, 'activation': 'linear'},"
                + " 'inbound_nodes': [{'args': [" + String.format(tensor, "z") + "], 'kwargs': {}}]},"
                + "{'class_name': 'Dense', 'name': 'dl', 'config': {'name': 'dl', 'units': 12, 'use_bias': false, 'activation': 'linear'},"
                + " 'inbound_nodes': [{'args': [" + String.format(tensor, "label") + "], 'kwargs': {}}]},"
                + "{'class_name': 'Add', 'name': 'sum', 'config': {'name': 'sum'}, 'inbound_nodes': ["
                + "{'args': [[" + String.format(tensor, "dz") + ", " + String.format(tensor, "dl") + "]], 'kwargs': {}}]},"
                + "{'class_name': 'Reshape', 'name': 'img', 'config': {'name': 'img', 'target_shape': [2, 2, 3]}, 'inbound_nodes': ["
                + "{'args': [" + String.format(tensor, "sum") + "], 'kwargs': {}}]}],"
                + "'input_layers': [['z', 0, 0], ['label', 0, 0]], 'output_layers': ['img', 0, 0]}}");
        float[] kz = new float[4 * 12];
        float[] kl = new float[3 * 12];
        for (int i = 0; i < kz.length; i++) {
            kz[i] = i % 5 - 2;
        }
        for (int i = 0; i < kl.length; i++) {
            kl[i] = i % 3;
        }
        KerasWeights w = new KerasWeights();
        w.add(new WeightTensor("dz/kernel:0", new int[] {4, 12}, kz));
        w.add(new WeightTensor("dl/kernel:0", new int[] {3, 12}, kl));
        var t = KerasTranslator.translate(new KerasFile(cfg, w, List.of(), "dec"), manager);
        assertThat(t.graph().inputNames()).containsExactly("z", "label");
        assertThat(t.inputSpec().isVector()).isTrue();
        try (dev.visor.model.Model m = new dev.visor.model.Model(t.graph(), t.inputSpec(), List.of(), "dec", manager.newSubManager())) {
            float[] z = {1, 0, -1, 2};
            float[] label = {0, 1, 0};
            var out = m.run(new java.util.LinkedHashMap<>(Map.of("z", manager.create(z, new ai.djl.ndarray.types.Shape(1, 4)),
                    "label", manager.create(label, new ai.djl.ndarray.types.Shape(1, 3))))).values().iterator().next();
            assertThat(out.getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(1, 3, 2, 2));
            // Brute force: y[j] = Σ z_i kz[i][j] + Σ l_i kl[i][j], laid out (h, w, c) in Keras, read back NCHW.
            float[] got = out.toFloatArray();
            for (int j = 0; j < 12; j++) {
                float want = 0;
                for (int i = 0; i < 4; i++) {
                    want += z[i] * kz[i * 12 + j];
                }
                for (int i = 0; i < 3; i++) {
                    want += label[i] * kl[i * 12 + j];
                }
                int h = j / 6;
                int x = (j / 3) % 2;
                int c = j % 3;
                assertThat(got[c * 4 + h * 2 + x]).as("unit " + j).isEqualTo(want);
            }
        }
    }
}
