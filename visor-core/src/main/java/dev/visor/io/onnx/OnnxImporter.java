package dev.visor.io.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.io.ModelFormat;
import dev.visor.io.TensorLimits;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.model.ops.DataTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code *.onnx} files into a {@link Model}. Node names are the ONNX node names (or, for unnamed
 * nodes, their first output's name), so every node and tensor name resolves as a layer. The graph
 * input is the first graph input that is not an initializer; further inputs become initializers with a
 * zero default value that {@link Model#run} can override by name. Constant nodes become initializers.
 * Nodes of opsets before 13 are rewritten to the opset-13 form ({@link OpsetUpgrade}); the input
 * spec and labels come from the input shape and {@link OnnxMetadata metadata}.
 */
public final class OnnxImporter implements ModelFormat {
    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public boolean accepts(String spec) {
        return spec.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Model load(String spec) {
        return load(Path.of(spec));
    }

    /** Reads a model file. */
    public Model load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("model not found: " + file);
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new VisorException("corrupt or truncated ONNX file " + file + ": " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!proto.hasGraph() || proto.getGraph().getOutputCount() == 0) {
            throw new VisorException("corrupt or truncated ONNX file " + file + ": it holds no graph with outputs");
        }
        NDManager manager = Engines.newManager();
        try {
            return build(proto, file, manager);
        } catch (RuntimeException e) {
            manager.close();
            if (e instanceof VisorException v) {
                throw v.getMessage() != null && v.getMessage().contains(file.toString()) ? v
                        : new VisorException(v.getMessage() + " (in " + file + ")", v);
            }
            throw new VisorException("cannot read ONNX file " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static Model build(ModelProto proto, Path file, NDManager manager) {
        GraphProto g = proto.getGraph();
        Path dir = file.toAbsolutePath().getParent();
        String source = file.toString();
        long opset = 1;
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        String name = g.getName().isEmpty() ? stem(file) : g.getName();
        Graph.Builder b = new Graph.Builder().name(name);
        Set<String> initNames = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            b.initializer(t.getName(), OnnxTensors.read(t, manager, dir));
            initNames.add(t.getName());
        }
        ValueInfoProto input = null;
        for (ValueInfoProto v : g.getInputList()) {
            if (initNames.contains(v.getName())) {
                continue;
            }
            if (input == null) {
                input = v;
                long[] d = dims(v, -1);
                TensorLimits.input(d, "graph input '" + v.getName() + "' of " + source);
                b.input(v.getName(), d);
            } else {
                // A secondary input: a zero default that Model.run can replace.
                long[] d = dims(v, 1);
                TensorLimits.elements(d, "graph input '" + v.getName() + "' of " + source);
                b.initializer(v.getName(), manager.zeros(new Shape(d), DataTypes.fromOnnx(elemType(v))));
                b.extraInput(v.getName());
                initNames.add(v.getName());
            }
        }
        if (input == null) {
            b.input("", 0);
        }
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            b.output(v.getName());
            outputs.add(v.getName());
        }
        OpsetUpgrade upgrade = new OpsetUpgrade(opset, manager, b::initializer);
        Map<String, Integer> used = new HashMap<>();
        int index = 0;
        for (NodeProto n : g.getNodeList()) {
            String opType = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
                    : n.getDomain() + "." + n.getOpType();
            Attributes attrs = OnnxAttributes.read(n.getAttributeList(), manager, dir);
            if (opType.equals("Constant") && n.getOutputCount() == 1 && !outputs.contains(n.getOutput(0))
                    && attrs.getTensor("value") != null) {
                b.initializer(n.getOutput(0), attrs.getTensor("value"));
                continue;
            }
            String base = !n.getName().isEmpty() ? n.getName()
                    : n.getOutputCount() > 0 && !n.getOutput(0).isEmpty() ? n.getOutput(0) : opType + "_" + index;
            index++;
            int k = used.merge(base, 1, Integer::sum);
            String nodeName = k == 1 ? base : base + "_" + k;
            Node node = new Node(nodeName, opType, n.getInputList(), n.getOutputList(), attrs);
            OnnxChecks.check(node, source);
            for (Node up : upgrade.upgrade(node)) {
                b.node(up);
            }
        }
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        Graph graph = b.build();
        InputSpec spec = OnnxMetadata.inputSpec(graph.inputShape(), meta, source);
        return new Model(graph, spec, OnnxMetadata.labels(meta), source, manager);
    }

    private static long[] dims(ValueInfoProto v, long unknown) {
        if (!v.getType().hasTensorType()) {
            throw new VisorException("graph input '" + v.getName() + "' is not a tensor (sequences, maps and optionals"
                    + " are not supported)");
        }
        List<TensorShapeProto.Dimension> ds = v.getType().getTensorType().getShape().getDimList();
        long[] d = new long[ds.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ds.get(i).hasDimValue() && ds.get(i).getDimValue() > 0 ? ds.get(i).getDimValue() : unknown;
        }
        return d;
    }

    private static int elemType(ValueInfoProto v) {
        return v.getType().getTensorType().getElemType();
    }

    private static String stem(Path file) {
        String s = file.getFileName().toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
