package dev.visor.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opset < 13 Softmax coerces its input to 2-D at axis: the importer keeps that meaning. */
class OpsetUpgradeTest {
    @TempDir
    Path tmp;

    @Test
    void opset11SoftmaxNormalisesOverAllAxesFromAxis() throws Exception {
        for (long opset : new long[] {11, 13}) {
            Path f = tmp.resolve("softmax" + opset + ".onnx");
            Files.write(f, softmaxModel(opset).toByteArray());
            try (Model model = new OnnxImporter().load(f); NDManager m = Engines.newManager()) {
                NDArray x = new RunRandom(3).normal(m, new Shape(2, 3, 4), 1f);
                NDArray y = model.run(Map.of("x", x)).get("y");
                NDArray want = opset == 11 ? x.reshape(2, 12).softmax(1).reshape(2, 3, 4) : x.softmax(1);
                assertThat(OnnxExporterTest.maxAbsDiff(y.toFloatArray(), want.toFloatArray())).as("opset " + opset).isLessThan(1e-6);
                // Whatever the rewrite, the layer keeps its node name and output tensor.
                assertThat(model.resolve("sm")).isEqualTo("y");
            }
        }
    }

    private static ModelProto softmaxModel(long opset) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : new long[] {2, 3, 4}) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)).build();
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type))
                .addNode(NodeProto.newBuilder().setName("sm").setOpType("Softmax").addInput("x").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)))
                .build();
        return ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build();
    }
}
