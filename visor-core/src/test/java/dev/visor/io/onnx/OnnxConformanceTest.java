package dev.visor.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.visor.engine.Engines;
import dev.visor.model.Model;
import dev.visor.model.OpRegistry;
import dev.visor.model.ops.DataTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the ONNX backend node tests (Debian package libonnx-testdata) whose ops Visor supports and
 * compares every output with the reference. Cases that need an attribute, mode or type Visor does not
 * support are listed in {@link #SKIPPED} with the reason; every other supported-op case must pass.
 */
class OnnxConformanceTest {
    static final Path DATA = Path.of("/usr/share/libonnx-testdata/data");
    /** The backend test sets with one small model per case (the "real" set holds no weights). */
    static final List<String> SETS = List.of("node", "pytorch-converted", "pytorch-operator", "simple");
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    /** Cases with supported ops that Visor does not run, and why. */
    static final Map<String, String> SKIPPED = new LinkedHashMap<>();

    static {
        skip("random output (training-mode dropout draws from libtorch's generator)", "test_training_dropout",
                "test_training_dropout_default", "test_training_dropout_default_mask", "test_training_dropout_mask");
        skip("BatchNormalization training_mode (running statistics outputs)", "test_batchnorm_epsilon_training_mode",
                "test_batchnorm_example_training_mode");
        skip("MaxPool dilations (libtorch through DJL has no dilated max pool)", "test_maxpool_2d_dilations",
                "pytorch-converted/test_MaxPool1d_stride_padding_dilation", "pytorch-converted/test_MaxPool2d_stride_padding_dilation");
        skip("MaxPool Indices output", "test_maxpool_with_argmax_2d_precomputed_pads",
                "test_maxpool_with_argmax_2d_precomputed_strides");
        skip("Resize coordinate_transformation_mode tf_crop_and_resize (extrapolation)", "test_resize_tf_crop_and_resize");
    }

    private static void skip(String reason, String... names) {
        for (String n : names) {
            SKIPPED.put(n, reason);
        }
    }

    /**
     * A rule rather than names: cases whose tensors (graph inputs/outputs, Cast targets) have an element
     * type the engine cannot hold (int16, uint16/32/64, bfloat16, string), or that take sequences or
     * optionals.
     */
    static String typeSkip(ModelProto proto) {
        List<ValueInfoProto> vs = new ArrayList<>(proto.getGraph().getInputList());
        vs.addAll(proto.getGraph().getOutputList());
        for (ValueInfoProto v : vs) {
            if (!v.getType().hasTensorType()) {
                return "non-tensor input or output (sequence/optional)";
            }
            if (!DataTypes.engineSupports(v.getType().getTensorType().getElemType())) {
                return "element type the engine cannot hold";
            }
        }
        for (NodeProto n : proto.getGraph().getNodeList()) {
            for (var a : n.getAttributeList()) {
                if (n.getOpType().equals("Cast") && a.getName().equals("to") && !DataTypes.engineSupports((int) a.getI())) {
                    return "element type the engine cannot hold";
                }
            }
        }
        return null;
    }

    @Test
    void supportedNodeTestsMatchTheReference() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DATA.resolve("node")), "libonnx-testdata is not installed");
        OpRegistry registry = OpRegistry.standard();
        int passed = 0;
        int skipped = 0;
        int unsupportedOps = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> skippedByType = new LinkedHashMap<>();
        List<Path> cases = new ArrayList<>();
        for (String set : SETS) {
            try (Stream<Path> s = Files.list(DATA.resolve(set))) {
                cases.addAll(s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).sorted().toList());
            }
        }
        for (Path dir : cases) {
            String name = dir.getParent().getFileName().equals(Path.of("node")) ? dir.getFileName().toString()
                    : dir.getParent().getFileName() + "/" + dir.getFileName();
            ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
            if (!supported(proto, registry)) {
                unsupportedOps++;
                continue;
            }
            String typeReason = typeSkip(proto);
            if (typeReason != null) {
                skippedByType.merge(typeReason, 1, Integer::sum);
                skipped++;
                continue;
            }
            if (SKIPPED.containsKey(name)) {
                skipped++;
                continue;
            }
            try {
                String problem = run(dir, proto);
                if (problem == null) {
                    passed++;
                } else {
                    failures.add(name + ": " + problem);
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        System.out.println("ONNX conformance: " + passed + " passed, " + skipped + " skipped (listed); "
                + unsupportedOps + " cases use ops Visor does not support");
        skippedByType.forEach((reason, count) -> System.out.println("  skipped " + count + ": " + reason));
        SKIPPED.forEach((name, reason) -> System.out.println("  skipped " + name + ": " + reason));
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertThat(failures).isEmpty();
    }

    private static boolean supported(ModelProto proto, OpRegistry registry) {
        for (NodeProto n : proto.getGraph().getNodeList()) {
            boolean std = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            if (!std || !registry.supports(n.getOpType())) {
                return false;
            }
        }
        return true;
    }

    /** Null when every output matches, else what differed. */
    private static String run(Path dir, ModelProto proto) throws IOException {
        Set<String> inits = new HashSet<>();
        proto.getGraph().getInitializerList().forEach(t -> inits.add(t.getName()));
        List<String> inputNames = proto.getGraph().getInputList().stream().map(ValueInfoProto::getName)
                .filter(n -> !inits.contains(n)).toList();
        Path data = dir.resolve("test_data_set_0");
        try (Model model = new OnnxImporter().load(dir.resolve("model.onnx")); NDManager m = Engines.newManager()) {
            Map<String, NDArray> feeds = new LinkedHashMap<>();
            for (int i = 0; i < inputNames.size(); i++) {
                Path p = data.resolve("input_" + i + ".pb");
                if (Files.exists(p)) {
                    feeds.put(inputNames.get(i), OnnxTensors.read(TensorProto.parseFrom(Files.readAllBytes(p)), m, data));
                }
            }
            Map<String, NDArray> outs = model.run(feeds);
            List<String> outNames = new ArrayList<>(outs.keySet());
            for (int i = 0; i < outNames.size(); i++) {
                NDArray want = OnnxTensors.read(TensorProto.parseFrom(Files.readAllBytes(data.resolve("output_" + i + ".pb"))), m, data);
                String problem = compare(outs.get(outNames.get(i)), want);
                if (problem != null) {
                    return "output " + outNames.get(i) + " " + problem;
                }
            }
            return null;
        }
    }

    static String compare(NDArray got, NDArray want) {
        if (got == null) {
            return "was not computed";
        }
        if (!got.getShape().equals(want.getShape())) {
            return "shape " + got.getShape() + " != " + want.getShape();
        }
        if (got.getDataType() != want.getDataType()) {
            return "type " + got.getDataType() + " != " + want.getDataType();
        }
        double[] g = got.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] w = want.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            boolean same = Double.compare(g[i], w[i]) == 0 || Math.abs(g[i] - w[i]) <= ATOL + RTOL * Math.abs(w[i]);
            if (!same) {
                return "element " + i + ": " + g[i] + " != " + w[i];
            }
        }
        return null;
    }
}
