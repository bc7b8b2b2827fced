package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.report.Sidecar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor invert} on darknet-tiny at 32 px, a few steps: outputs, sidecar, reproducibility, one-line errors. */
class InvertCommandTest {
    static final String DARKNET = SharedData.darknet().toString();
    static final String CAT = SharedData.images().resolve("chelsea.png").toString();

    @TempDir
    Path tmp;

    private static CliRun invert(Path out, long seed, String... extra) {
        return invert(out, seed, 5, extra);
    }

    private static CliRun invert(Path out, long seed, int steps, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("invert", "--model", DARKNET, "--input-size", "32", "--image", CAT,
                "--steps", String.valueOf(steps), "--seed", String.valueOf(seed), "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesTheStripOnePngPerLayerAndASidecarWithSettingsAndSeed() throws IOException {
        Path out = tmp.resolve("inv");
        CliRun r = invert(out, 3, "--layer", "leaky_re_lu_2", "--layer", "leaky_re_lu_5");
        assertThat(r.status()).as(r.err()).isZero();
        BufferedImage one = ImageIO.read(out.resolve("00_leaky_re_lu_2.png").toFile());
        assertThat(one.getWidth()).as("reconstructions are at the --input-size").isEqualTo(32);
        assertThat(one.getHeight()).isEqualTo(32);
        assertThat(out.resolve("01_leaky_re_lu_5.png")).exists();
        BufferedImage strip = ImageIO.read(out.resolve("inversion.png").toFile());
        assertThat(strip.getWidth()).as("the original beside two reconstructions").isGreaterThanOrEqualTo(3 * 32);
        Map<String, Object> side = Sidecar.read(out.resolve("inversion.json"));
        assertThat(side).containsEntry("method", "inversion").containsEntry("seed", 3).containsEntry("input", CAT)
                .containsKeys("model", "alpha", "beta", "recipe");
        @SuppressWarnings("unchecked")
        Map<String, Object> recipe = (Map<String, Object>) side.get("recipe");
        assertThat(recipe).containsEntry("preset", "invert").containsEntry("steps", 5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) side.get("layers");
        assertThat(layers).extracting(l -> l.get("layer")).containsExactly("leaky_re_lu_2", "leaky_re_lu_5");
        for (Map<String, Object> l : layers) {
            // Five descent steps on ‖Φ(x) − Φ0‖²/‖Φ0‖² must leave it below where the noise started.
            assertThat(((Number) l.get("relativeFeatureError")).doubleValue())
                    .isLessThan(((Number) l.get("startRelativeFeatureError")).doubleValue());
            assertThat(l).containsEntry("steps", 5);
        }
        assertThat(r.out()).contains("leaky_re_lu_2", "relative feature error", "-> " + out.resolve("inversion.png"));
    }

    @Test
    void sameSeedGivesByteIdenticalReconstructions() throws IOException {
        assertThat(invert(tmp.resolve("a"), 4, "--layer", "leaky_re_lu_3").status()).isZero();
        assertThat(invert(tmp.resolve("b"), 4, "--layer", "leaky_re_lu_3").status()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("b/00_leaky_re_lu_3.png")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("a/00_leaky_re_lu_3.png")));
    }

    @Test
    void caricatureIsRecordedAsSuch() {
        CliRun r = invert(tmp.resolve("c"), 0, 2, "--layer", "leaky_re_lu_3", "--caricature");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Sidecar.read(tmp.resolve("c/inversion.json"))).containsEntry("method", "caricature");
    }

    @Test
    void unknownLayerIsOneLineAndWritesNothing() {
        CliRun r = invert(tmp.resolve("bad"), 0, "--layer", "leaky_re_lu_99");
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").contains("unknown layer 'leaky_re_lu_99'").doesNotContain("Exception");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        CliRun r = invert(tmp.resolve("bad"), 0, "--layer", "leaky_re_lu_3", "--preset", "nope");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: unknown preset 'nope'; known: ").contains("invert", "invert-robust");
    }

    @Test
    void anUnwritableOutIsOneLineBeforeAnyStep() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        long t0 = System.nanoTime();
        // 100000 steps would take hours: the refusal must come before the first one.
        CliRun r = invert(file, 0, 100000, "--layer", "leaky_re_lu_3");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("visor: cannot write to output folder " + file + ": it is a file");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
    }

    @Test
    void theRateCanBeSetAndALowerOneConvergesOnFashionCnn() {
        Path out = tmp.resolve("fc");
        CliRun r = CliRun.of("invert", "--model", "builtin:fashion-cnn", "--image", CAT, "--layer", "relu1", "--steps", "40",
                "--lr", "0.2", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> side = Sidecar.read(out.resolve("inversion.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> recipe = (Map<String, Object>) side.get("recipe");
        assertThat(recipe).containsEntry("learningRate", 0.2);
        @SuppressWarnings("unchecked")
        Map<String, Object> layer = ((List<Map<String, Object>>) side.get("layers")).get(0);
        assertThat(((Number) layer.get("relativeFeatureError")).doubleValue())
                .isLessThan(((Number) layer.get("startRelativeFeatureError")).doubleValue());
    }
}
