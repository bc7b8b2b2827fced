package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-causable failures of the Keras import: one line each, naming what was wrong. */
class KerasErrorsTest {
    @TempDir
    Path tmp;

    private Path copyFixture() throws IOException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        try (var files = Files.list(TestPaths.resources().resolve("functional-tfjs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static String messageOf(Path spec) {
        try {
            ModelLoader.load(spec.toString()).close();
        } catch (VisorException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError("no error for " + spec);
    }

    @Test
    void jsonThatIsNotAModel() throws IOException {
        Path f = tmp.resolve("model.json");
        Files.writeString(f, "{\"hello\": [1, 2, 3]}");
        assertThat(messageOf(f)).contains(f.toString()).contains("is not a TF.js layers model");
        Files.writeString(f, "{not json");
        assertThat(messageOf(f)).contains("is not valid JSON");
    }

    @Test
    void missingWeightShard() throws IOException {
        Path dir = copyFixture();
        Files.delete(dir.resolve("group1-shard2of2.bin"));
        assertThat(messageOf(dir)).contains("weight shard 'group1-shard2of2.bin'").contains("is missing");
    }

    @Test
    void shardOfTheWrongSize() throws IOException {
        Path dir = copyFixture();
        Path shard = dir.resolve("group1-shard2of2.bin");
        byte[] b = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(b, b.length - 3));
        long total = Files.size(dir.resolve("group1-shard1of2.bin")) + b.length;
        assertThat(messageOf(dir)).contains("hold " + (total - 3) + " bytes").contains("expects " + total + " bytes")
                .contains("group1-shard2of2.bin");
    }

    @Test
    void unknownLayerClassNamesTheLayerAndTheSupportedOnes() throws IOException {
        Path dir = copyFixture();
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"class_name\": \"Multiply\"", "\"class_name\": \"Frobnicate\""));
        assertThat(messageOf(dir)).contains("unknown Keras layer class 'Frobnicate' (layer 'mul')")
                .contains("supported: ").contains("Conv2D").contains("DepthwiseConv2D").contains("UpSampling2D");
    }

    @Test
    void h5ThatIsNotHdf5() throws IOException {
        Path f = tmp.resolve("broken.h5");
        Files.writeString(f, "not an hdf5 file");
        assertThat(messageOf(f)).contains("broken.h5");
    }

    @Test
    void unsupportedSettingNamesTheLayer() throws IOException {
        Path dir = copyFixture();
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"activation\": \"tanh\"", "\"activation\": \"mish\""));
        assertThat(messageOf(dir)).contains("layer 'dense_seq' (Dense)").contains("activation 'mish'").contains("relu6");
    }
    /** Found by ImporterFuzzTest: each of these once leaked another exception or failed only at the first forward. */
    @Test
    void absurdShapesAndSettingsAreRefusedAtLoad() throws IOException {
        Path dir = copyFixture();
        Path json = dir.resolve("model.json");
        String orig = Files.readString(json);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(orig);
        var shape = (com.fasterxml.jackson.databind.node.ArrayNode) root.at("/weightsManifest/0/weights/0/shape");
        shape.removeAll().add(2147483647).add(2147483647);
        Files.writeString(json, mapper.writeValueAsString(root));
        assertThat(messageOf(dir)).contains("weight 'conv_a/kernel' in " + json).contains("more than 2147483647 elements");

        root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(orig);
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.at("/weightsManifest/0/weights/0/shape")).set(0, 1L << 40);
        Files.writeString(json, mapper.writeValueAsString(root));
        assertThat(messageOf(dir)).contains("weight 'conv_a/kernel'").contains("valid: dimensions are integers");

        root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(orig);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.at("/modelTopology/model_config/config/layers/1/config"))
                .putNull("strides").putArray("strides").add(0).add(2);
        Files.writeString(json, mapper.writeValueAsString(root));
        assertThat(messageOf(dir)).contains("layer 'conv_a' (Conv2D)").contains("setting strides = [0,2]")
                .contains("valid: integers from 1 to 65536");

        root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(orig);
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.at("/modelTopology/model_config/config/layers/0/config/batch_input_shape"))
                .set(1, 1L << 31);
        Files.writeString(json, mapper.writeValueAsString(root));
        assertThat(messageOf(dir)).contains("input 'image' has dimension 2147483648");
    }
}
