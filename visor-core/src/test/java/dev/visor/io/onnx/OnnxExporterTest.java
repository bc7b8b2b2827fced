package dev.visor.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export → import gives the same outputs, and ONNX Runtime (an independent engine) agrees. */
class OnnxExporterTest {
    @TempDir
    Path tmp;

    /** Conv+BN+LeakyRelu+MaxPool, grouped conv, linear Resize, Concat, ConvTranspose, AveragePool, Clip, GAP, Gemm, Softmax. */
    static Model randomModel(long seed) {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(seed);
        Graph g = new Graph.Builder().name("roundtrip").input("x", -1, 3, 16, 16)
                .initializer("w1", r.normal(m, new Shape(8, 3, 3, 3), 0.4f))
                .initializer("b1", r.normal(m, new Shape(8), 0.1f))
                .initializer("bn_s", r.uniform(m, new Shape(8), 0.5f, 1.5f))
                .initializer("bn_b", r.normal(m, new Shape(8), 0.1f))
                .initializer("bn_m", r.normal(m, new Shape(8), 0.1f))
                .initializer("bn_v", r.uniform(m, new Shape(8), 0.5f, 1.5f))
                .initializer("w2", r.normal(m, new Shape(8, 4, 3, 3), 0.3f))
                .initializer("scales", m.create(new float[] {1, 1, 2, 2}))
                .initializer("wt", r.normal(m, new Shape(16, 4, 3, 3), 0.2f))
                .initializer("bt", r.normal(m, new Shape(4), 0.1f))
                .initializer("lo", m.create(-0.5f))
                .initializer("hi", m.create(0.8f))
                .initializer("wfc", r.normal(m, new Shape(5, 4), 0.5f))
                .initializer("bfc", r.normal(m, new Shape(5), 0.1f))
                .node("conv1", "Conv", List.of("x", "w1", "b1"), "c1", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                .node("bn1", "BatchNormalization", List.of("c1", "bn_s", "bn_b", "bn_m", "bn_v"), "n1", Attributes.empty())
                .node("lrelu1", "LeakyRelu", List.of("n1"), "r1", Attributes.builder().put("alpha", 0.1f).build())
                .node("pool1", "MaxPool", List.of("r1"), "p1", Attributes.builder().put("kernel_shape", 2L, 2)
                        .put("strides", 2L, 2).build())
                .node("conv2", "Conv", List.of("p1", "w2"), "c2", Attributes.builder().put("group", 2L)
                        .put("pads", 1L, 1, 1, 1).build())
                .node("up", "Resize", List.of("c2", "", "scales"), "u", Attributes.builder().put("mode", "linear").build())
                .node("cat", "Concat", List.of("r1", "u"), "cat", Attributes.builder().put("axis", 1L).build())
                .node("deconv", "ConvTranspose", List.of("cat", "wt", "bt"), "d", Attributes.builder().put("strides", 2L, 2)
                        .put("pads", 1L, 1, 1, 1).put("output_padding", 1L, 1).build())
                .node("avg", "AveragePool", List.of("d"), "a", Attributes.builder().put("kernel_shape", 3L, 3)
                        .put("strides", 2L, 2).put("pads", 1L, 1, 1, 1).build())
                .node("clip", "Clip", List.of("a", "lo", "hi"), "cl", Attributes.empty())
                .node("gap", "GlobalAveragePool", List.of("cl"), "gp", Attributes.empty())
                .node("flat", "Flatten", List.of("gp"), "f", Attributes.empty())
                .node("fc", "Gemm", List.of("f", "wfc", "bfc"), "logits", Attributes.builder().put("transB", 1L).build())
                .node("softmax", "Softmax", List.of("logits"), "probs", Attributes.builder().put("axis", 1L).build())
                .output("logits").output("probs").build();
        InputSpec spec = new InputSpec(3, 16, 16, 0f, 255f, new float[] {1, 2, 3}, new float[] {4, 5, 6}, true, "NCHW");
        return new Model(g, spec, List.of("a", "b", "c", "d", "e"), "roundtrip", m);
    }

    @Test
    void exportImportGivesTheSameOutputsAndOnnxRuntimeAgrees() throws Exception {
        Path file = tmp.resolve("model.onnx");
        try (Model model = randomModel(7); NDManager m = Engines.newManager()) {
            OnnxExporter.write(model, file);
            NDArray x = new RunRandom(8).normal(m, new Shape(2, 3, 16, 16), 1f);
            Map<String, NDArray> want = model.run(Map.of("x", x));
            try (Model back = new OnnxImporter().load(file)) {
                assertThat(back.inputSpec()).isEqualTo(model.inputSpec());
                assertThat(back.labels()).isEqualTo(model.labels());
                assertThat(back.layerNames()).containsAll(List.of("conv1", "deconv", "fc"));
                Map<String, NDArray> got = back.run(Map.of("x", x));
                for (String out : List.of("logits", "probs")) {
                    assertThat(maxAbsDiff(got.get(out).toFloatArray(), want.get(out).toFloatArray())).isLessThan(1e-5);
                }
                // An intermediate layer resolves by node name and matches too.
                assertThat(maxAbsDiff(back.forward(x, "deconv").get("deconv").toFloatArray(),
                        model.forward(x, "deconv").get("deconv").toFloatArray())).isLessThan(1e-5);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), new long[] {2, 3, 16, 16});
                 OrtSession.Result r = s.run(Map.of("x", t))) {
                for (String out : List.of("logits", "probs")) {
                    FloatBuffer fb = ((OnnxTensor) r.get(out).get()).getFloatBuffer();
                    float[] ort = new float[fb.remaining()];
                    fb.get(ort);
                    assertThat(maxAbsDiff(ort, want.get(out).toFloatArray())).as(out).isLessThan(1e-5);
                }
            }
        }
    }

    @Test
    void forwardPassesLeaveNothingInTheModelsManager() {
        try (Model model = randomModel(3)) {
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray x = new RunRandom(i).normal(step, new Shape(1, 3, 16, 16), 1f);
                    model.forward(x);
                }
            }
            assertThat(model.manager().getManagedArrays().stream().map(a -> a.getShape() + " " + a.getDataType()).toList())
                    .hasSize(before);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
