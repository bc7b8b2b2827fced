package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visor dgn-am} with a user generator of two inputs (issue 10, must-show 4 and 6 through the CLI): a
 * conditional decoder (latent z + one-hot label -> 28x28) saved as ONNX here, optimised through --latent-input /
 * --fix-input; bad generators exit 2 with one line naming shapes and inputs; {@code visor layers} reads it.
 */
class DgnAmCommandTest {
    @TempDir
    Path tmp;

    /** sigmoid(z·Wz + label·Wl + b) reshaped to {@code shape}; inputs z (N, 8) and label (N, 10). */
    static Path decoder(Path dir, long... shape) throws IOException {
        Files.createDirectories(dir);
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(4);
        Graph g = new Graph.Builder().name("decoder").input("z", -1, 8)
                .initializer("label", m.zeros(new Shape(1, 10))).extraInput("label")
                .initializer("wz", r.normal(m, new Shape(8, 784), 0.8f))
                .initializer("wl", r.normal(m, new Shape(10, 784), 0.8f))
                .initializer("shape", m.create(shape.length == 0 ? new long[] {-1, 1, 28, 28} : shape))
                .node("fz", "Gemm", List.of("z", "wz"), "a", Attributes.empty())
                .node("fl", "Gemm", List.of("label", "wl"), "c", Attributes.empty())
                .node("sum", "Add", List.of("a", "c"), "s", Attributes.empty())
                .node("squash", "Sigmoid", List.of("s"), "y", Attributes.empty())
                .node("image", "Reshape", List.of("y", "shape"), "image", Attributes.empty())
                .output("image").build();
        Path file = dir.resolve("decoder.onnx");
        try (Model model = new Model(g, InputSpec.vector(8), List.of(), "decoder", m)) {
            OnnxExporter.write(model, file);
        }
        return file;
    }

    @Test
    void aTwoInputDecoderIsOptimisedThroughItsLatentWithTheLabelFixed() throws IOException {
        Path dec = decoder(tmp.resolve("g"));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("dgn-am", "--model", "builtin:fashion-cnn", "--generator", dec.toString(), "--latent-input", "z",
                "--fix-input", "label=onehot:7", "--objective", "logit(7)", "--copies", "2", "--steps", "20", "--lr", "1",
                "--seed", "3", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("grid.png")).exists();
        assertThat(out.resolve("00_logit_7_c0.png")).exists();
        assertThat(out.resolve("00_logit_7_c1.png")).exists();
        assertThat(out.resolve("codes.npy")).exists();
        assertThat(out.resolve("start-codes.npy")).exists();
        assertThat(r.out()).contains("realism: FD");
        Map<String, Object> summary = Sidecar.read(out.resolve("dgn-am.json"));
        assertThat(summary).containsKeys("realism", "generator", "settings", "class_hit_rate");
        assertThat(summary.get("generator").toString()).contains("latent z").contains("label=onehot:7");
        Map<String, Object> side = Sidecar.read(out.resolve("00_logit_7_c0.json"));
        assertThat(side).containsKeys("code", "code_start", "realism_all", "activation_start", "activation_end");
        assertThat(((Number) side.get("activation_end")).doubleValue()).isGreaterThan(((Number) side.get("activation_start")).doubleValue());
    }

    @Test
    void badGeneratorsExit2InOneLineNamingShapesAndInputs() throws IOException {
        Path dec = decoder(tmp.resolve("g"));
        CliRun unknown = CliRun.of("dgn-am", "--model", "builtin:fashion-cnn", "--generator", dec.toString(), "--latent-input", "w",
                "--fix-input", "label=zeros", "--objective", "logit(1)", "--out", tmp.resolve("o1").toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.errLines()).hasSize(1);
        assertThat(unknown.errLines().get(0)).contains("'w'").contains("z [N,8]").contains("label [N,10]");
        CliRun unset = CliRun.of("dgn-am", "--model", "builtin:fashion-cnn", "--generator", dec.toString(),
                "--objective", "logit(1)", "--out", tmp.resolve("o2").toString());
        assertThat(unset.status()).isEqualTo(2);
        assertThat(unset.errLines()).hasSize(1);
        assertThat(unset.errLines().get(0)).contains("2 inputs").contains("--latent-input");
        Path flat = decoder(tmp.resolve("g3"), -1, 28, 28);
        CliRun threeD = CliRun.of("dgn-am", "--model", "builtin:fashion-cnn", "--generator", flat.toString(), "--latent-input", "z",
                "--fix-input", "label=onehot:2", "--objective", "logit(1)", "--out", tmp.resolve("o3").toString());
        assertThat(threeD.status()).isEqualTo(2);
        assertThat(threeD.errLines()).hasSize(1);
        assertThat(threeD.errLines().get(0)).contains("[1,28,28]").contains("rank 3").contains("1x28x28").contains("z [N,8], label [N,10]");
        Path vector = decoder(tmp.resolve("g4"), -1, 784);
        CliRun rank2 = CliRun.of("dgn-am", "--model", "builtin:fashion-cnn", "--generator", vector.toString(), "--latent-input", "z",
                "--fix-input", "label=zeros", "--objective", "logit(1)", "--out", tmp.resolve("o4").toString());
        assertThat(rank2.status()).isEqualTo(2);
        assertThat(rank2.errLines().get(0)).contains("[1,784]").contains("rank 2");
    }

    @Test
    void layersListsAModelWithTwoInputs() throws IOException {
        Path dec = decoder(tmp.resolve("g"));
        CliRun r = CliRun.of("layers", "--model", dec.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("fz").contains("image");
    }
}
