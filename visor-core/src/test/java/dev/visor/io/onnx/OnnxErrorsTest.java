package dev.visor.io.onnx;

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

    private static void oneLine(String message) {
        if (message.contains("\n")) {
            throw new AssertionError("message has several lines: " + message);
        }
    }
}
