package dev.visor.io.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.visor.VisorException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-targets an ONNX model at other outputs: ONNX Runtime returns only graph outputs, so an intermediate layer
 * becomes one. The nodes and initializers that no requested output needs are dropped, so the runtime neither
 * runs them nor keeps an unfused copy of a tensor nobody asked for.
 */
public final class OnnxOutputs {
    private OnnxOutputs() {}

    /**
     * The model with exactly these graph outputs, in this order.
     *
     * @param model     an exported model
     * @param outputs   tensor names produced by nodes of the model
     * @param elemTypes the ONNX element type of each output (e.g. {@code TensorProto.DataType.FLOAT_VALUE})
     */
    public static ModelProto withOutputs(ModelProto model, List<String> outputs, List<Integer> elemTypes) {
        GraphProto g = model.getGraph();
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                producer.put(o, n);
            }
        }
        Set<NodeProto> needed = new HashSet<>();
        Set<String> read = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String o : outputs) {
            if (!producer.containsKey(o)) {
                throw new VisorException("tensor '" + o + "' is produced by no node of the exported graph");
            }
            todo.push(o);
        }
        while (!todo.isEmpty()) {
            NodeProto n = producer.get(todo.pop());
            if (n == null || !needed.add(n)) {
                continue;
            }
            for (String in : n.getInputList()) {
                read.add(in);
                todo.push(in);
            }
        }
        GraphProto.Builder gb = g.toBuilder().clearNode().clearInitializer().clearOutput();
        for (NodeProto n : g.getNodeList()) {
            if (needed.contains(n)) {
                gb.addNode(n);
            }
        }
        for (TensorProto t : g.getInitializerList()) {
            if (read.contains(t.getName())) {
                gb.addInitializer(t);
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            gb.addOutput(ValueInfoProto.newBuilder().setName(outputs.get(i)).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemTypes.get(i)))));
        }
        return model.toBuilder().setGraph(gb).build();
    }
}
