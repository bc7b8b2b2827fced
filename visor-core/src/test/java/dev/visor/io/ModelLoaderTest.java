package dev.visor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.io.keras.TestPaths;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** visor.yaml next to a model, then user flags, override what the model file says. */
class ModelLoaderTest {
    @TempDir
    Path tmp;

    private Path copyOfDarknet() throws IOException {
        Path src = TestPaths.shared().resolve("models/darknet-tiny");
        Path dir = tmp.resolve("darknet");
        Files.createDirectories(dir);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("labels.txt")) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    @Test
    void yamlSidecarThenFlagsOverrideTheFile() throws IOException {
        Path dir = copyOfDarknet();
        Files.writeString(dir.resolve("names.txt"), "a\nb\n\nc\n");
        Files.writeString(dir.resolve("visor.yaml"), "size: 160\nrange_min: 0\nrange_max: 255\nmean: [1, 2, 3]\nlabels: names.txt\n");
        try (Model m = ModelLoader.load(dir.toString())) {
            InputSpec s = m.inputSpec();
            assertThat(s.height()).isEqualTo(160);
            assertThat(s.rangeMax()).isEqualTo(255f);
            assertThat(s.mean()).containsExactly(1f, 2f, 3f);
            assertThat(m.labels()).containsExactly("a", "b", "c");
        }
        ModelOptions flags = new ModelOptions(128, null, null, 1f, null, new float[] {2, 2, 2}, true, null);
        try (Model m = ModelLoader.load(dir.toString(), flags)) {
            InputSpec s = m.inputSpec();
            assertThat(s.height()).isEqualTo(128);
            assertThat(s.width()).isEqualTo(128);
            assertThat(s.rangeMax()).isEqualTo(1f);
            assertThat(s.mean()).containsExactly(1f, 2f, 3f);
            assertThat(s.std()).containsExactly(2f, 2f, 2f);
            assertThat(s.bgr()).isTrue();
        }
    }

    @Test
    void inputSizeOverrideRunsAFullyConvolutionalModelAtThatSize() throws IOException {
        Path shared = TestPaths.shared();
        ModelOptions at160 = new ModelOptions(160, null, null, null, null, null, null, null);
        try (Model m = ModelLoader.load(shared.resolve("models/darknet-tiny").toString(), at160);
             ai.djl.ndarray.NDManager step = m.manager().newSubManager()) {
            ai.djl.ndarray.NDArray x = dev.visor.data.Images.toTensor(step,
                    dev.visor.data.Images.read(shared.resolve("images/chelsea.png")), 3, 160, 160);
            var top = new dev.visor.model.Classifier(m).topK(x, 3).get(0);
            assertThat(top.stream().map(dev.visor.model.Classifier.Prediction::label))
                    .containsAnyOf("Egyptian cat", "tabby", "tiger cat");
            assertThat(m.graph().inputShape()).containsExactly(-1, 3, 160, 160);
        }
    }

    @Test
    void withoutLabelsTheModelHasNone() throws IOException {
        try (Model m = ModelLoader.load(copyOfDarknet().toString())) {
            assertThat(m.labels()).isEmpty();
        }
    }

    @Test
    void badOverridesAreOneLineErrors() throws IOException {
        Path dir = copyOfDarknet();
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), new ModelOptions(null, 2, null, null, null, null, null, null)))
                .isInstanceOf(VisorException.class).hasMessageContaining("channels must be 1 or 3");
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), new ModelOptions(null, null, null, null, new float[] {1}, null, null, null)))
                .isInstanceOf(VisorException.class).hasMessageContaining("mean and std need 3 values");
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), new ModelOptions(null, null, null, null, null, null, null, tmp.resolve("no.txt"))))
                .isInstanceOf(VisorException.class).hasMessageContaining("labels file not found");
        assertThatThrownBy(() -> ModelLoader.load("nosuch:thing")).isInstanceOf(VisorException.class)
                .hasMessageContaining("cannot tell the format");
    }
}
