package dev.visor.io.visor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisorModelFileTest {
    @TempDir
    Path tmp;

    private static Model model() {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(4);
        Graph g = new Graph.Builder().name("round-trip").input("x", -1, 3, 6, 6)
                .initializer("w", r.normal(m, new Shape(4, 3, 3, 3), 0.5f))
                .initializer("shape", m.create(new long[] {-1, 144}))
                .initializer("fc", r.normal(m, new Shape(144, 5), 0.1f))
                .node("conv", "Conv", List.of("x", "w"), "c", Attributes.builder().put("pads", 1L, 1, 1, 1)
                        .put("strides", 1L, 1).put("auto_pad", "NOTSET").put("note", 0.5f).put("alphas", 1f, 2f)
                        .putRaw("tags", new String[] {"a", "b"}).put("group", 1L).build())
                .node("relu", "Relu", List.of("c"), "r", Attributes.empty())
                .node("flat", "Reshape", List.of("r", "shape"), "f", Attributes.empty())
                .node("fc1", "MatMul", List.of("f", "fc"), "out", Attributes.builder().put("value", m.create(new float[] {3f, 4f})).build())
                .output("out").alias("features", "r").build();
        InputSpec spec = new InputSpec(3, 6, 6, 0f, 255f, new float[] {1f, 2f, 3f}, new float[] {4f, 5f, 6f}, true, "NHWC");
        return new Model(g, spec, List.of("a", "b", "c", "d", "e"), "round-trip", m);
    }

    @Test
    void roundTripKeepsGraphWeightsSpecLabelsAndProvenance() {
        Provenance p = new Provenance("visor train classifier --seed 3", "x", "d", 10, 3, 2, 4, 0.1f, true, 0.5, 1.5, 6.7, "e",
                List.of(new Provenance.Epoch(1, 1.0, 0.4, 0.45, 0.7)));
        try (Model a = model()) {
            VisorModelFile.write(a, p, tmp);
            try (Model b = ModelLoader.load(tmp.toString()); NDManager m = Engines.newManager()) {
                assertThat(b.inputSpec()).isEqualTo(a.inputSpec());
                assertThat(b.labels()).isEqualTo(a.labels());
                assertThat(b.layerNames()).isEqualTo(a.layerNames());
                assertThat(b.graph().inputShape()).containsExactly(-1, 3, 6, 6);
                Node conv = b.graph().nodes().get(0);
                Map<String, Object> attrs = conv.attributes().asMap();
                assertThat(attrs.keySet()).containsExactly("pads", "strides", "auto_pad", "note", "alphas", "tags", "group");
                assertThat(conv.attributes().getStrings("tags", null)).containsExactly("a", "b");
                assertThat(conv.attributes().getFloats("alphas", null)).containsExactly(1f, 2f);
                assertThat(b.graph().nodes().get(3).attributes().getTensor("value").toFloatArray()).containsExactly(3f, 4f);
                assertThat(b.graph().initializers().get("shape").toLongArray()).containsExactly(-1, 144);
                NDArray x = new RunRandom(1).uniform(m, new Shape(2, 3, 6, 6), 0, 1);
                assertThat(b.forward(x).output().toFloatArray()).containsExactly(a.forward(x).output().toFloatArray());
            }
            assertThat(VisorModelFile.provenance(VisorModelFile.directory(tmp))).isEqualTo(p);
        }
    }

    @Test
    void weightsAreLittleEndianFloat32AtTheirOffsets() throws IOException {
        try (Model a = model()) {
            VisorModelFile.write(a, null, tmp);
            byte[] bin = Files.readAllBytes(tmp.resolve(VisorModelFile.WEIGHTS));
            float[] w = a.graph().initializers().get("w").toFloatArray();
            ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getFloat(0)).isEqualTo(w[0]);
            assertThat(b.getFloat(4 * (w.length - 1))).isEqualTo(w[w.length - 1]);
            assertThat(b.getLong(4 * w.length)).isEqualTo(-1L);
            String json = Files.readString(tmp.resolve(VisorModelFile.JSON));
            assertThat(json).contains("\"offset\" : " + 4 * w.length).contains("\"dtype\" : \"int64\"");
        }
    }

    @Test
    void corruptFilesAreClearErrors() throws IOException {
        try (Model a = model()) {
            VisorModelFile.write(a, null, tmp);
        }
        Path bin = tmp.resolve(VisorModelFile.WEIGHTS);
        byte[] good = Files.readAllBytes(bin);
        Files.write(bin, Arrays.copyOf(good, good.length - 10));
        assertThatThrownBy(() -> ModelLoader.load(tmp.toString())).isInstanceOf(VisorException.class)
                .hasMessageContaining("weights.bin is truncated").hasMessageContaining(String.valueOf(good.length - 10));
        byte[] flipped = good.clone();
        flipped[100] ^= 1;
        Files.write(bin, flipped);
        assertThatThrownBy(() -> ModelLoader.load(tmp.toString())).isInstanceOf(VisorException.class)
                .hasMessageContaining("SHA-256");
        Files.write(bin, good);
        Files.writeString(tmp.resolve(VisorModelFile.JSON), "{ not json");
        assertThatThrownBy(() -> ModelLoader.load(tmp.toString())).isInstanceOf(VisorException.class)
                .hasMessageContaining("cannot parse").hasMessageContaining("visor-model.json");
    }

    @Test
    void weightsThatDoNotMatchTheRecordedHashAreRefusedNamingBothHashes() throws Exception {
        try (Model a = model()) {
            VisorModelFile.write(a, null, tmp);
        }
        Path bin = tmp.resolve(VisorModelFile.WEIGHTS);
        byte[] good = Files.readAllBytes(bin);
        byte[] flipped = good.clone();
        flipped[7] ^= 0x10; // same length: only the hash can tell
        Files.write(bin, flipped);
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(good));
        String actual = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(flipped));
        assertThat(Files.readString(tmp.resolve(VisorModelFile.JSON))).contains("\"sha256\" : \"" + expected + "\"");
        assertThatThrownBy(() -> ModelLoader.load(tmp.toString())).isInstanceOf(VisorException.class)
                .hasMessageStartingWith(bin.toString())
                .hasMessageContaining("expected " + expected.substring(0, 12)).hasMessageContaining("got " + actual.substring(0, 12))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileWithoutARecordedHashStillLoads() throws IOException {
        try (Model a = model()) {
            VisorModelFile.write(a, null, tmp);
        }
        Path json = tmp.resolve(VisorModelFile.JSON);
        Files.writeString(json, Files.readString(json).replaceAll(",?\\s*\"sha256\" : \"[0-9a-f]+\"", ""));
        assertThat(Files.readString(json)).doesNotContain("sha256");
        try (Model b = ModelLoader.load(tmp.toString())) {
            assertThat(b.graph().initializers()).containsKey("w");
        }
    }

    @Test
    void absurdEntriesAreRefusedBeforeAllocating() {
        try (NDManager m = Engines.newManager()) {
            List<TensorEntry> huge = List.of(new TensorEntry("a", "float32", new long[] {1L << 20, 1L << 20}, 0, 4L << 40));
            assertThatThrownBy(() -> TensorBlob.read(huge, new byte[16], "w.bin", m)).isInstanceOf(VisorException.class)
                    .hasMessageContaining("tensor 'a' in w.bin declares shape [1048576, 1048576]");
            List<TensorEntry> far = List.of(new TensorEntry("a", "float32", new long[] {2}, Long.MAX_VALUE - 4, 8));
            assertThatThrownBy(() -> TensorBlob.read(far, new byte[16], "w.bin", m)).isInstanceOf(VisorException.class)
                    .hasMessageContaining("truncated or corrupt");
            List<TensorEntry> noDtype = List.of(new TensorEntry("a", null, new long[] {2}, 0, 8));
            assertThatThrownBy(() -> TensorBlob.read(noDtype, new byte[16], "w.bin", m)).isInstanceOf(VisorException.class)
                    .hasMessageContaining("lacks its name, dtype or shape");
        }
    }

    @Test
    void tensorBlobNamesTheTensorThatRunsPastTheEnd() {
        List<TensorEntry> entries = List.of(new TensorEntry("a", "float32", new long[] {2}, 0, 8),
                new TensorEntry("b", "float32", new long[] {3}, 8, 12));
        try (NDManager m = Engines.newManager()) {
            assertThatThrownBy(() -> TensorBlob.read(entries, new byte[15], "w.bin", m)).isInstanceOf(VisorException.class)
                    .hasMessageContaining("tensor 'b'").hasMessageContaining("[8, 20)").hasMessageContaining("byte offset 15");
        }
    }
}
