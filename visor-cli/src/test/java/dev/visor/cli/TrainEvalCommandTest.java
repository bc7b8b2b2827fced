package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {
    @TempDir
    Path tmp;

    private static String run(int expectStatus, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true)) {
            System.setOut(p);
            System.setErr(p);
            assertThat(VisorCli.execute(args)).as(buf.toString()).isEqualTo(expectStatus);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buf.toString();
    }

    @Test
    void trainThenEvaluateTheSavedModel() throws Exception {
        Path out = tmp.resolve("m");
        String train = run(0, "train", "classifier", "--data", "fashion-mnist", "--arch", "tiny-cnn", "--epochs", "1",
                "--limit", "300", "--batch-size", "50", "--seed", "2", "--out", out.toString());
        assertThat(train).contains("epoch 1/1").contains("images/s");
        JsonNode json = new ObjectMapper().readTree(out.resolve("visor-model.json").toFile());
        assertThat(json.at("/training/command").asText())
                .isEqualTo("visor train classifier --data fashion-mnist --arch tiny-cnn --epochs 1 --limit 300 --batch-size 50"
                        + " --seed 2 --out " + out);
        assertThat(json.at("/training/seed").asLong()).isEqualTo(2);

        Path png = tmp.resolve("plots/cm.png");
        String eval = run(0, "eval", "--model", out.toString(), "--data", "fashion-mnist", "--limit", "200", "--plot", png.toString());
        assertThat(eval).contains("accuracy").contains("Ankle boot").contains("recall");
        assertThat(png).isRegularFile();
        JsonNode side = new ObjectMapper().readTree(tmp.resolve("plots/cm.json").toFile());
        assertThat(side.get("images").asInt()).isEqualTo(200);
        long sum = 0;
        for (JsonNode row : side.get("confusion")) {
            for (JsonNode v : row) {
                sum += v.asLong();
            }
        }
        assertThat(sum).isEqualTo(200);
        // Rerunning the finished command resumes from its last checkpoint and trains nothing more.
        assertThat(run(0, "train", "classifier", "--data", "fashion-mnist", "--arch", "tiny-cnn", "--epochs", "1",
                "--limit", "300", "--batch-size", "50", "--seed", "2", "--out", out.toString())).contains("resuming");
        assertThat(Files.list(out).map(p -> p.getFileName().toString())).contains("checkpoint", "visor-model.json", "weights.bin");
    }

    @Test
    void userErrorsExitWithStatus2AndOneLine() {
        assertThat(run(2, "train", "classifier", "--arch", "nope", "--out", tmp.toString())).contains("unknown architecture 'nope'")
                .contains("fashion-cnn");
        assertThat(run(2, "eval", "--model", tmp.resolve("none").toString())).contains("model not found");
    }

    @Test
    void onnxExportOfTheTrainedModelGivesTheSameLogits() {
        java.nio.file.Path onnx = tmp.resolve("m.onnx");
        java.nio.file.Path out = tmp.resolve("onnx-run");
        assertThat(run(0, "train", "classifier", "--out", out.toString(), "--onnx", onnx.toString(),
                "--arch", "tiny-cnn", "--limit", "64", "--epochs", "1", "--batch-size", "32")).contains("ONNX: ");
        try (dev.visor.model.Model a = dev.visor.io.ModelLoader.load(out.toString());
             dev.visor.model.Model b = dev.visor.io.ModelLoader.load(onnx.toString());
             ai.djl.ndarray.NDManager m = a.manager().newSubManager()) {
            ai.djl.ndarray.NDArray x = new dev.visor.engine.RunRandom(1).uniform(m, a.inputSpec().batchShape(3), 0, 1);
            float[] la = a.forward(a.inputSpec().toModel(x)).output().toFloatArray();
            float[] lb = b.forward(b.inputSpec().toModel(x)).output().toFloatArray();
            assertThat(lb).containsExactly(la, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(b.inputSpec()).isEqualTo(a.inputSpec());
            assertThat(b.labels()).isEqualTo(a.labels());
        }
    }
}
