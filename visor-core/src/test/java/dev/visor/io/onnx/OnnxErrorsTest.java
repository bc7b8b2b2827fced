package dev.visor.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors with ONNX files are one-line VisorExceptions that say what is wrong and what is valid. */
class OnnxErrorsTest {
    @TempDir
    Path tmp;

    private byte[] validModel() throws Exception {
        Path f = tmp.resolve("valid.onnx");
        try (Model m = OnnxExporterTest.randomModel(1)) {
            OnnxExporter.write(m, f);
        }
        return Files.readAllBytes(f);
    }

    @Test
    void unsupportedOpNamesOpNodeFileAndSupportedOps() throws Exception {
        ModelProto p = ModelProto.parseFrom(validModel());
        var g = p.getGraph().toBuilder();
        NodeProto n = g.getNode(2);
        g.setNode(2, n.toBuilder().setOpType("FancyRelu").clearAttribute());
        Path f = tmp.resolve("fancy.onnx");
        Files.write(f, p.toBuilder().setGraph(g).build().toByteArray());
        assertThatThrownBy(() -> ModelLoader.load(f.toString())).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("unsupported op 'FancyRelu' at node '" + n.getName() + "' in " + f)
                .hasMessageContaining("supported ops: ").hasMessageContaining("Conv, ConvTranspose")
                .satisfies(e -> oneLine(e.getMessage()));
    }

    @Test
    void truncatedAndCorruptFilesAreReportedAsSuch() throws Exception {
        byte[] ok = validModel();
        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(ok, ok.length / 2));
        assertThatThrownBy(() -> ModelLoader.load(truncated.toString())).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("corrupt or truncated ONNX file " + truncated).satisfies(e -> oneLine(e.getMessage()));
        Path text = tmp.resolve("text.onnx");
        Files.writeString(text, "this is not a model\n");
        assertThatThrownBy(() -> ModelLoader.load(text.toString())).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("corrupt or truncated ONNX file " + text).satisfies(e -> oneLine(e.getMessage()));
        Path empty = tmp.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ModelLoader.load(empty.toString())).isInstanceOf(VisorException.class)
                .hasMessageStartingWith("corrupt or truncated ONNX file " + empty);
        Path missing = tmp.resolve("missing.onnx");
        assertThatThrownBy(() -> ModelLoader.load(missing.toString())).isInstanceOf(VisorException.class)
                .hasMessage("model not found: " + missing);
    }

    private Path withGraph(String name, java.util.function.UnaryOperator<ai.onnx.proto.OnnxMl.GraphProto.Builder> edit) throws Exception {
        ModelProto p = ModelProto.parseFrom(validModel());
        Path f = tmp.resolve(name + ".onnx");
        Files.write(f, p.toBuilder().setGraph(edit.apply(p.getGraph().toBuilder())).build().toByteArray());
        return f;
    }

    private static String messageOf(Path f) {
        try {
            ModelLoader.load(f.toString()).close();
        } catch (VisorException e) {
            oneLine(e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("no error for " + f);
    }

    /** Found by ImporterFuzzTest: each of these once leaked an IllegalArgumentException or failed only at the first forward. */
    @Test
    void hugeDeclaredSizesAreRefusedBeforeAllocating() throws Exception {
        Path big = withGraph("big", g -> g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims()
                .addDims(Integer.MAX_VALUE).addDims(2)));
        assertThat(messageOf(big)).contains("tensor '" + ModelProto.parseFrom(Files.readAllBytes(big)).getGraph()
                .getInitializer(0).getName() + "'").contains("more than 2147483647 elements").contains(big.toString());
        Path negative = withGraph("negative", g -> g.setInitializer(0, g.getInitializer(0).toBuilder().setDims(0, -7)));
        assertThat(messageOf(negative)).contains("negative dimension");
        Path external = withGraph("external", g -> g.setInitializer(0, g.getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(ai.onnx.proto.OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("external.onnx"))
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("offset").setValue("1099511627776"))));
        assertThat(messageOf(external)).contains("but the file holds only 0 (truncated or corrupt)");
        Path outside = withGraph("outside", g -> g.setInitializer(0, g.getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(ai.onnx.proto.OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("../../etc/passwd"))));
        assertThat(messageOf(outside)).contains("outside the model's folder");
        Path input = withGraph("input", g -> {
            var in = g.getInput(0).toBuilder();
            in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(2).setDimValue(Long.MAX_VALUE);
            return g.setInput(0, in);
        });
        assertThat(messageOf(input)).contains("graph input 'x'").contains("at most 65536");
    }

    @Test
    void windowAttributesOutOfRangeAreRefusedAtLoad() throws Exception {
        for (String attr : new String[] {"strides", "pads", "dilations"}) {
            for (long v : new long[] {-7, 1L << 40}) {
                Path f = withGraph(attr + v, g -> {
                    int conv = 0;
                    while (!g.getNode(conv).getOpType().equals("Conv")) {
                        conv++;
                    }
                    var n = g.getNode(conv).toBuilder();
                    n.addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName(attr)
                            .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INTS).addInts(v).addInts(v));
                    return g.setNode(conv, n);
                });
                assertThat(messageOf(f)).contains("(Conv) in " + f).contains(attr + " = [" + v + ", " + v + "]")
                        .contains("valid: integers from");
            }
        }
    }

    private static void oneLine(String message) {
        if (message.contains("\n")) {
            throw new AssertionError("message has several lines: " + message);
        }
    }
}
