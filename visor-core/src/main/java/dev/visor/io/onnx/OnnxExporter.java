package dev.visor.io.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.visor.VisorException;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.model.ops.DataTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link Model}'s graph as an ONNX file (opset 13, IR version 7): nodes in execution order,
 * initializers as raw data in their own element type (float32 weights stay float32), the float graph
 * input with a free batch dimension ({@code N}), output element types from one dry forward pass, and
 * the input spec and labels as {@link OnnxMetadata} properties.
 */
public final class OnnxExporter {
    /** The opset whose semantics Visor's graph follows. */
    public static final long OPSET = 13;
    private static final long IR_VERSION = 7;

    private OnnxExporter() {}

    /** Writes {@code model} to {@code file}. */
    public static void write(Model model, Path file) {
        try {
            Files.write(file, toProto(model).toByteArray());
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The ONNX model proto of {@code model}. */
    public static ModelProto toProto(Model model) {
        Graph g = model.graph();
        GraphProto.Builder gb = GraphProto.newBuilder().setName(g.name());
        for (Node n : model.nodes()) {
            gb.addNode(node(n, gb));
        }
        for (Map.Entry<String, NDArray> e : g.initializers().entrySet()) {
            if (g.extraInputs().contains(e.getKey())) {
                continue;
            }
            TensorProto t = OnnxTensors.write(e.getKey(), e.getValue());
            gb.addInitializer(t);
        }
        long[] shape = g.inputShape();
        gb.addInput(valueInfo(g.inputName(), 1, shape));
        for (String extra : g.extraInputs()) {
            // A further input (e.g. a conditional generator's label): its default's shape with a free batch axis.
            NDArray v = g.initializers().get(extra);
            long[] d = v.getShape().getShape().clone();
            if (d.length > 0) {
                d[0] = -1;
            }
            gb.addInput(valueInfo(extra, DataTypes.toOnnx(v.getDataType()), d));
        }
        try (NDManager m = model.manager().newSubManager()) {
            Map<String, NDArray> outs = model.run(Map.of(g.inputName(), m.zeros(new Shape(dryShape(model)))));
            for (Map.Entry<String, NDArray> e : outs.entrySet()) {
                gb.addOutput(valueInfo(e.getKey(), DataTypes.toOnnx(e.getValue().getDataType()), null));
            }
        }
        ModelProto.Builder mb = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("visor")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(gb);
        OnnxMetadata.write(model.inputSpec(), model.labels()).forEach((k, v) ->
                mb.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return mb.build();
    }

    /**
     * A node in its opset-13 form. Dropout's {@code ratio} was an attribute up to opset 10 and is an input since
     * opset 12 (ONNX Runtime refuses the attribute): it becomes a scalar initializer named {@code <node>.ratio}.
     */
    private static NodeProto node(Node n, GraphProto.Builder gb) {
        NodeProto.Builder nb = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType()).addAllOutput(n.outputs());
        Map<String, Object> attrs = new java.util.LinkedHashMap<>(n.attributes().asMap());
        java.util.List<String> inputs = new java.util.ArrayList<>(n.inputs());
        if (n.opType().equals("Dropout") && attrs.containsKey("ratio") && (inputs.size() < 2 || inputs.get(1).isEmpty())) {
            String ratio = n.name() + ".ratio";
            gb.addInitializer(TensorProto.newBuilder().setName(ratio).setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addFloatData(n.attributes().getFloat("ratio", 0.5f)));
            attrs.remove("ratio");
            if (inputs.size() < 2) {
                inputs.add(ratio);
            } else {
                inputs.set(1, ratio);
            }
        }
        return nb.addAllInput(inputs).addAllAttribute(OnnxAttributes.writeAll(dev.visor.model.Attributes.of(attrs))).build();
    }

    /** A batch-1 input shape for the dry run: free dimensions take the input spec's size. */
    private static long[] dryShape(Model model) {
        long[] s = model.graph().inputShape().clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] <= 0) {
                s[i] = s.length == 4 && i == 2 ? model.inputSpec().height()
                        : s.length == 4 && i == 3 ? model.inputSpec().width() : 1;
            }
        }
        return s;
    }

    private static ValueInfoProto valueInfo(String name, int elemType, long[] dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(elemType);
        if (dims != null) {
            TensorShapeProto.Builder sb = TensorShapeProto.newBuilder();
            for (int i = 0; i < dims.length; i++) {
                TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
                if (dims[i] > 0) {
                    d.setDimValue(dims[i]);
                } else {
                    d.setDimParam(i == 0 ? "N" : "d" + i);
                }
                sb.addDim(d);
            }
            t.setShape(sb);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }
}
