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

/** {@code visor ppgn} end to end with a random 128-d decoder saved as ONNX, and its one-line errors. */
class PpgnCommandTest {
    @TempDir
    Path tmp;

    /** sigmoid(h·W + b) reshaped to (N, 1, 28, 28), h (N, 128). */
    static Path decoder(Path dir) throws IOException {
        Files.createDirectories(dir);
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(8);
        Graph g = new Graph.Builder().name("decoder").input("code", -1, 128)
                .initializer("w", r.normal(m, new Shape(128, 784), 0.05f))
                .initializer("b", r.normal(m, new Shape(784), 0.1f))
                .initializer("shape", m.create(new long[] {-1, 1, 28, 28}))
                .node("fc", "Gemm", List.of("code", "w", "b"), "a", Attributes.empty())
                .node("squash", "Sigmoid", List.of("a"), "y", Attributes.empty())
                .node("image", "Reshape", List.of("y", "shape"), "image", Attributes.empty())
                .output("image").build();
        Path file = dir.resolve("decoder.onnx");
        try (Model model = new Model(g, InputSpec.vector(128), List.of(), "decoder", m)) {
            OnnxExporter.write(model, file);
        }
        return file;
    }

    @Test
    void classChainsWriteGridGifsAndJsonAndBadConditionsExit2() throws IOException {
        Path dec = decoder(tmp.resolve("g"));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("ppgn", "--model", "builtin:fashion-cnn", "--generator", dec.toString(), "--class", "7", "--chains", "2", "--steps", "12", "--burn-in", "2",
                "--keep-every", "5", "--judge", "none", "--seed", "3", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("grid.png")).exists();
        assertThat(out.resolve("chain-00.gif")).exists();
        assertThat(out.resolve("chain-01.gif")).exists();
        Map<String, Object> summary = Sidecar.read(out.resolve("ppgn.json"));
        assertThat((List<?>) summary.get("samples")).hasSize(4); // 2 chains x steps 7, 12
        assertThat(summary.get("prior").toString()).contains("builtin:fashion-dae");
        assertThat(r.out()).contains("logprob(7)");

        CliRun caption = CliRun.of("ppgn", "--model", "builtin:fashion-cnn", "--generator", dec.toString(), "--caption", "a shiny bag", "--steps", "2", "--burn-in", "0",
                "--keep-every", "1", "--judge", "none", "--out", tmp.resolve("c").toString());
        assertThat(caption.status()).isEqualTo(2);
        assertThat(caption.err()).contains("unknown caption word 'shiny'").contains("dark, bright, small, large");
        assertThat(caption.err().strip().lines().count()).isEqualTo(1);

        CliRun two = CliRun.of("ppgn", "--model", "builtin:fashion-cnn", "--generator", dec.toString(), "--class", "1", "--caption", "a bag", "--out", tmp.resolve("d").toString());
        assertThat(two.status()).isEqualTo(2);

        CliRun notImage = CliRun.of("ppgn", "--model", "builtin:fashion-cnn", "--generator", "builtin:fashion-dae", "--class", "1", "--out", tmp.resolve("e").toString());
        assertThat(notImage.status()).isEqualTo(2);
        assertThat(notImage.err().strip().lines().count()).isEqualTo(1);
    }
}
