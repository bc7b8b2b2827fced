package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor activations}: .npy files whose header and values are read back here, independently of the writer. */
class ActivationsCommandTest {
    @TempDir
    Path tmp;

    /** A .npy file parsed by hand: the dict's fields and the little-endian float32 payload. */
    private record Npy(String descr, boolean fortran, long[] shape, float[] values) {
        static Npy read(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Arrays.copyOfRange(bytes, 0, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
            int len = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertThat((10 + len) % 64).as("header is a multiple of 64 bytes").isZero();
            String dict = new String(bytes, 10, len, StandardCharsets.US_ASCII);
            assertThat(dict).endsWith("\n");
            Matcher d = Pattern.compile("'descr':\\s*'([^']*)'").matcher(dict);
            Matcher f = Pattern.compile("'fortran_order':\\s*(True|False)").matcher(dict);
            Matcher s = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(dict);
            assertThat(d.find() && f.find() && s.find()).as(dict).isTrue();
            long[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            ByteBuffer b = ByteBuffer.wrap(bytes, 10 + len, bytes.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[b.remaining() / 4];
            b.asFloatBuffer().get(values);
            return new Npy(d.group(1), f.group(1).equals("True"), shape, values);
        }
    }

    private static void assertClose(float[] got, float[] want) {
        assertThat(got).hasSameSizeAs(want);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
        }
        assertThat(worst).isLessThan(1e-5);
    }

    @Test
    void twoPhotosThroughDarknetGiveNchwActivationsEqualToForward() throws IOException {
        Path out = tmp.resolve("acts.npy");
        List<Path> photos = List.of(SharedData.images().resolve("chelsea.png"), SharedData.images().resolve("coffee.png"));
        CliRun r = CliRun.of("activations", "--model", SharedData.darknet().toString(), "--image", photos.get(0).toString(),
                photos.get(1).toString(), "--layer", "leaky_re_lu_5", "--batch-size", "1", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Npy npy = Npy.read(out);
        assertThat(npy.descr()).isEqualTo("<f4");
        assertThat(npy.fortran()).isFalse();
        assertThat(npy.shape()).containsExactly(2, 16, 56, 56);
        try (Model m = ModelLoader.load(SharedData.darknet().toString()); NDManager step = Engines.newManager()) {
            InputSpec s = m.inputSpec();
            NDArray x = s.toModel(Images.load(step, photos, s.channels(), s.height(), s.width()));
            assertClose(npy.values(), m.forward(x, "leaky_re_lu_5").get("leaky_re_lu_5").toFloatArray());
        }
    }

    @Test
    void fashionMnistStreamsBatchesOfConvAndDenseLayers() throws IOException {
        try (Model m = ModelLoader.load("builtin:fashion-cnn"); NDManager step = Engines.newManager()) {
            InputSpec s = m.inputSpec();
            int[] first20 = java.util.stream.IntStream.range(0, 20).toArray();
            NDArray x = s.toModel(Datasets.open("fashion-mnist", Split.TEST).images(step, first20, s.channels(), s.height(), s.width()));
            for (String layer : List.of("relu1", "logits")) {
                Path out = tmp.resolve(layer + ".npy");
                CliRun r = CliRun.of("activations", "--model", "builtin:fashion-cnn", "--data", "fashion-mnist", "--limit", "20",
                        "--batch-size", "8", "--layer", layer, "--out", out.toString());
                assertThat(r.status()).as(r.err()).isZero();
                Npy npy = Npy.read(out);
                NDArray want = m.forward(x, layer).get(layer);
                assertThat(npy.shape()).containsExactly(want.getShape().getShape());
                assertThat(npy.shape()[0]).isEqualTo(20);
                assertClose(npy.values(), want.toFloatArray());
            }
        }
    }

    private static void assertOneLineError(CliRun r, String fragment) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").doesNotContain("Exception").contains(fragment);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        String model = SharedData.darknet().toString();
        String photo = SharedData.images().resolve("chelsea.png").toString();
        Path out = tmp.resolve("a.npy");
        assertOneLineError(CliRun.of("activations", "--model", model, "--image", photo, "--layer", "leaky_re_lu_99",
                "--out", out.toString()), "unknown layer 'leaky_re_lu_99'");
        assertOneLineError(CliRun.of("activations", "--model", model, "--image", tmp.resolve("none.png").toString(),
                "--layer", "leaky_re_lu_5", "--out", out.toString()), "image not found");
        assertOneLineError(CliRun.of("activations", "--model", model, "--image", photo, "--layer", "leaky_re_lu_5",
                "--out", tmp.resolve("no/such/dir/a.npy").toString()), "does not exist");
        assertOneLineError(CliRun.of("activations", "--model", model, "--image", photo, "--layer", "leaky_re_lu_5",
                "--out", tmp.toString()), "is a folder");
        assertOneLineError(CliRun.of("activations", "--model", "builtin:fashion-cnn", "--data", "fashion-mnist", "--limit", "0",
                "--layer", "logits", "--out", out.toString()), "--limit must be at least 1");
        assertOneLineError(CliRun.of("activations", "--model", model, "--layer", "leaky_re_lu_5", "--out", out.toString()),
                "either --image or --data");
        assertThat(out).doesNotExist();
    }
}
