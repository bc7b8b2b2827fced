package dev.visor.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.io.ModelLoader;
import dev.visor.io.keras.TestPaths;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real pretrained darknet-tiny, exported to ONNX and read back, gives the same logits. */
class DarknetOnnxRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void exportThenImportGivesTheSameLogits() {
        Path shared = TestPaths.shared();
        Path onnx = tmp.resolve("darknet.onnx");
        try (Model keras = ModelLoader.load(shared.resolve("models/darknet-tiny").toString());
             NDManager m = keras.manager().newSubManager()) {
            OnnxExporter.write(keras, onnx);
            NDArray x = Images.load(m, List.of(shared.resolve("images/chelsea.png"), shared.resolve("images/coffee.png")), 3, 224, 224);
            float[] expected = keras.forward(keras.inputSpec().toModel(x)).output().toFloatArray();
            try (Model back = ModelLoader.load(onnx.toString())) {
                float[] actual = back.forward(back.inputSpec().toModel(x)).output().toFloatArray();
                assertThat(actual).hasSameSizeAs(expected);
                float maxDiff = 0;
                for (int i = 0; i < actual.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
                }
                assertThat(maxDiff).isLessThan(1e-4f);
                assertThat(back.inputSpec().height()).isEqualTo(224);
                assertThat(back.labels()).isEqualTo(keras.labels()).hasSize(1000);
            }
        }
    }
}
