package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code visor render} and {@code visor render-layer} on darknet-tiny: outputs, reproducibility, resume, errors. */
class RenderCommandTest {
    static final String DARKNET = SharedData.darknet().toString();

    @TempDir
    Path tmp;

    private static CliRun render(Path out, long seed, String... objectives) {
        List<String> args = new java.util.ArrayList<>(List.of("render", "--model", DARKNET, "--steps", "6", "--size", "48",
                "--seed", String.valueOf(seed), "--quiet", "--out", out.toString()));
        for (String o : objectives) {
            args.add("--objective");
            args.add(o);
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesOnePngAndSidecarPerObjectiveAndAGrid() {
        CliRun r = render(tmp.resolve("a"), 5, "leaky_re_lu_3:2", "logit(tabby) - 0.05*tv");
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        Path png = tmp.resolve("a/00_leaky_re_lu_3_2.png");
        assertThat(png).exists();
        assertThat(tmp.resolve("a/01_logit_tabby_-_0.05_tv.png")).exists();
        assertThat(tmp.resolve("a/grid.png")).exists();
        Map<String, Object> side = Sidecar.read(tmp.resolve("a/00_leaky_re_lu_3_2.json"));
        assertThat(side).containsEntry("objective", "leaky_re_lu_3:2").containsEntry("seed", 5).containsEntry("preset", "fourier")
                .containsKeys("model", "activation_start", "activation_end", "settings");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) side.get("settings");
        assertThat(settings).containsEntry("steps", 6).containsEntry("size", 48).containsEntry("learningRate", 0.05);
        assertThat(((Number) side.get("activation_end")).doubleValue()).isGreaterThan(((Number) side.get("activation_start")).doubleValue());
    }

    @Test
    void sameSeedGivesByteIdenticalPngsAndAnotherSeedDoesNot() throws IOException {
        assertThat(render(tmp.resolve("s1"), 7, "leaky_re_lu_5:9").status()).isEqualTo(0);
        assertThat(render(tmp.resolve("s2"), 7, "leaky_re_lu_5:9").status()).isEqualTo(0);
        assertThat(render(tmp.resolve("s3"), 8, "leaky_re_lu_5:9").status()).isEqualTo(0);
        byte[] a = Files.readAllBytes(tmp.resolve("s1/00_leaky_re_lu_5_9.png"));
        assertThat(Files.readAllBytes(tmp.resolve("s2/00_leaky_re_lu_5_9.png"))).isEqualTo(a);
        assertThat(Files.readAllBytes(tmp.resolve("s3/00_leaky_re_lu_5_9.png"))).isNotEqualTo(a);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "leaky_re_lu_99:1     | unknown layer 'leaky_re_lu_99'",
        "leaky_re_lu_3:16     | unit 16 is out of range for layer 'leaky_re_lu_3', which has 16 units (0-15)",
        "leaky_re_lu_3:x      | bad objective \"leaky_re_lu_3:x\" at position 15: expected a channel number after ':', found 'x'",
        "leaky_re_lu_3:1 + * 2 | at position 19: expected a unit",
        "logit(1000)          | class 1000 is out of range: the model has 1000 classes (0-999)",
    })
    void badObjectivesExitTwoWithOneLine(String objective, String message) {
        CliRun r = render(tmp.resolve("bad"), 0, objective);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").contains(message).doesNotContain("Exception");
        assertThat(tmp.resolve("bad")).doesNotExist();
    }

    @Test
    void badPresetAndSettingAreOneLine() {
        CliRun p = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--preset", "fancy", "--out", tmp.toString());
        assertThat(p.status()).isEqualTo(2);
        assertThat(p.errLines()).containsExactly("visor: unknown preset 'fancy'; known: fourier, regularized, small, mfv, mfv-noise, invert, invert-robust");
        CliRun s = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--set", "jiter=3", "--out", tmp.toString());
        assertThat(s.status()).isEqualTo(2);
        assertThat(s.errLines()).hasSize(1);
        assertThat(s.errLines().get(0)).startsWith("visor: unknown render setting 'jiter'; known: ");
    }

    private static CliRun renderLayer(Path out, String units, String shard) {
        return CliRun.of("render-layer", "--model", DARKNET, "--layer", "leaky_re_lu_1", "--units", units, "--batch", "3",
                "--shard", shard, "--steps", "3", "--size", "32", "--quiet", "--out", out.toString());
    }

    private static List<String> pngs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("leaky_re_lu_1_\\d{4}\\.png")).sorted().toList();
        }
    }

    @Test
    void renderLayerShardsSplitUnitsAndRerunsSkipWhatExists() throws IOException {
        Path out = tmp.resolve("layer");
        CliRun first = renderLayer(out, "0-4", "0/2");
        assertThat(first.status()).as(first.err()).isEqualTo(0);
        // Batches of 3 cut from the whole list (0-2, 3-4); shard 0/2 takes the first.
        assertThat(pngs(out)).containsExactly("leaky_re_lu_1_0000.png", "leaky_re_lu_1_0001.png", "leaky_re_lu_1_0002.png");
        assertThat(Sidecar.read(out.resolve("leaky_re_lu_1_0002.json"))).containsEntry("layer", "leaky_re_lu_1")
                .containsEntry("objective", "leaky_re_lu_1:2");
        long before = Files.getLastModifiedTime(out.resolve("leaky_re_lu_1_0000.png")).toMillis();
        CliRun second = renderLayer(out, "0-4", "1/2");
        assertThat(second.out()).contains("1 in shard 1/2, 0 already written, 1 to render");
        CliRun again = renderLayer(out, "0-4", "0/1");
        assertThat(again.out()).contains("2 already written, 0 to render");
        assertThat(pngs(out)).hasSize(5);
        assertThat(Files.getLastModifiedTime(out.resolve("leaky_re_lu_1_0000.png")).toMillis()).isEqualTo(before);
        assertThat(out.resolve("leaky_re_lu_1_grid.png")).exists();
    }

    @Test
    void absurdSizesAndStepsAreOneLineBeforeAnyWork() {
        CliRun big = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--size", "100000", "--steps", "1",
                "--out", tmp.resolve("big").toString());
        assertThat(big.status()).isEqualTo(2);
        assertThat(big.errLines()).containsExactly("visor: render setting size = 100000 is out of range; use 0 (the model's input size)"
                + " to 2048 pixels");
        CliRun steps = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--steps", "-1", "--out", tmp.toString());
        assertThat(steps.errLines()).hasSize(1);
        assertThat(steps.errLines().get(0)).startsWith("visor: render setting steps = -1 is out of range");
        // Within the size bound but too large for one batch: refused before a tensor is made.
        CliRun batch = CliRun.of("render-layer", "--model", DARKNET, "--layer", "leaky_re_lu_1", "--batch", "1000", "--size", "2048",
                "--out", tmp.resolve("b").toString());
        assertThat(batch.status()).isEqualTo(2);
        assertThat(batch.errLines()).hasSize(1);
        assertThat(batch.errLines().get(0)).contains("render fewer units per batch or a smaller --size");
        CliRun param = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--param", "wavelet", "--out", tmp.toString());
        assertThat(param.errLines()).containsExactly("visor: unknown parameterization 'wavelet'; known: fourier, latent, pixel, pixel-sigmoid");
        CliRun opt = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--set", "optimizer=lbfgs", "--out", tmp.toString());
        assertThat(opt.errLines()).containsExactly("visor: unknown optimizer 'lbfgs'; known: adam, normalized, ppgn, sgd");
    }

    @Test
    void anUnwritableOutIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun r = CliRun.of("render", "--model", DARKNET, "-o", "leaky_re_lu_3:1", "--steps", "5000", "--size", "64",
                "--out", file.resolve("sub").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: cannot write to output folder " + file.resolve("sub"));
        CliRun layer = CliRun.of("render-layer", "--model", DARKNET, "--layer", "leaky_re_lu_1", "--steps", "5000",
                "--out", file.toString());
        assertThat(layer.errLines()).containsExactly("visor: cannot write to output folder " + file + ": it is a file");
    }

    @Test
    void renderLayerRejectsBadUnitsAndShards() {
        CliRun u = renderLayer(tmp.resolve("x"), "0-99", "0/1");
        assertThat(u.status()).isEqualTo(2);
        assertThat(u.errLines()).containsExactly("visor: unit 16 is out of range for layer 'leaky_re_lu_1', which has 16 units (0-15)");
        assertThat(tmp.resolve("x")).doesNotExist();
        CliRun s = renderLayer(tmp.resolve("x"), "0-3", "2/2");
        assertThat(s.errLines()).containsExactly("visor: bad --shard '2/2'; write I/N with 0 <= I < N, e.g. 0/4");
        CliRun b = renderLayer(tmp.resolve("x"), "3-1", "0/1");
        assertThat(b.errLines()).containsExactly("visor: bad --units '3-1' at '3-1'; write e.g. 0-63 or 1,4,9-12");
    }
}
