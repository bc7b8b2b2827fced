package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor sanity} and {@code visor attribute --sanity} on builtin:fashion-cnn (28 px): outputs and one-line errors. */
class SanityCommandTest {
    static final String MODEL = "builtin:fashion-cnn";
    static final String CAT = SharedData.images().resolve("chelsea.png").toString();

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Path json) {
        return (List<Map<String, Object>>) Sidecar.read(json).get("rows");
    }

    @SuppressWarnings("unchecked")
    private static double spearman(Map<String, Object> row, String method) {
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) row.get("methods")).get(method)).get("spearman")).doubleValue();
    }

    @Test
    void writesTheTableTheJsonAndThePlot() {
        Path out = tmp.resolve("s");
        CliRun r = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--method", "saliency,gradcam", "--depth", "2",
                "--seed", "7", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("sanity.png")).exists();
        Map<String, Object> side = Sidecar.read(out.resolve("sanity.json"));
        assertThat(side).containsEntry("seed", 7).containsEntry("depth", 2).containsEntry("methods", List.of("saliency", "gradcam"))
                .containsEntry("input", CAT).containsKeys("model", "topClass", "gradCamLayer");
        List<Map<String, Object>> rows = rows(out.resolve("sanity.json"));
        // depth 2: the top one and the top two layers (cascading), then each of them alone (independent).
        assertThat(rows).extracting(m -> m.get("mode") + "/" + m.get("layersRandomised"))
                .containsExactly("cascading/1", "cascading/2", "independent/1", "independent/1");
        // A layer gets the same random weights in both tests, so randomising only the top layer is one model twice.
        for (String m : List.of("saliency", "gradcam")) {
            assertThat(spearman(rows.get(2), m)).isEqualTo(spearman(rows.get(0), m));
            assertThat(spearman(rows.get(0), m)).isBetween(-1.0, 1.0);
        }
        assertThat(rows.get(3).get("layer")).isEqualTo(rows.get(1).get("layer"));
        assertThat(r.out()).contains("cascading", "independent", "saliency ρ", "4 randomised models");
    }

    @Test
    void anotherSeedDrawsOtherWeights() {
        CliRun a = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--method", "saliency", "--depth", "1", "--seed", "1",
                "--out", tmp.resolve("a").toString());
        CliRun b = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--method", "saliency", "--depth", "1", "--seed", "2",
                "--out", tmp.resolve("b").toString());
        assertThat(a.status()).isZero();
        assertThat(b.status()).isZero();
        assertThat(spearman(rows(tmp.resolve("b/sanity.json")).get(0), "saliency"))
                .isNotEqualTo(spearman(rows(tmp.resolve("a/sanity.json")).get(0), "saliency"));
    }

    @Test
    void badMethodDepthAndOutAreOneLine() throws IOException {
        CliRun m = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--method", "saliency,lrp", "--out", tmp.resolve("x").toString());
        assertThat(m.status()).isEqualTo(2);
        assertThat(m.errLines()).hasSize(1);
        assertThat(m.errLines().get(0)).startsWith("visor: unknown attribution method 'lrp'").contains("saliency", "gradcam");
        CliRun d = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--depth", "-1", "--out", tmp.resolve("x").toString());
        assertThat(d.errLines()).containsExactly("visor: --depth must be 0 (all layers) or more, got -1");
        assertThat(tmp.resolve("x")).doesNotExist();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun o = CliRun.of("sanity", "--model", MODEL, "--image", CAT, "--out", file.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.errLines()).containsExactly("visor: cannot write to output folder " + file + ": it is a file");
        CliRun data = CliRun.of("sanity", "--model", SharedData.darknet().toString(), "--image", CAT, "--data", "fashion-mnist",
                "--out", tmp.resolve("z").toString());
        assertThat(data.status()).isEqualTo(2);
        assertThat(data.errLines()).hasSize(1);
        assertThat(data.errLines().get(0)).startsWith("visor: the data-randomisation test (--data) retrains the model's architecture")
                .contains("builtin:NAME");
        assertThat(tmp.resolve("z")).as("refused before the output folder is made").doesNotExist();
        CliRun i = CliRun.of("sanity", "--model", MODEL, "--image", tmp.resolve("missing.png").toString(), "--out", tmp.resolve("y").toString());
        assertThat(i.status()).isEqualTo(2);
        assertThat(i.errLines()).hasSize(1);
        assertThat(i.errLines().get(0)).startsWith("visor: ").contains("missing.png").doesNotContain("Exception");
    }

    @Test
    void attributeWithSanityWritesOneTestPerImage() {
        Path out = tmp.resolve("attr");
        CliRun r = CliRun.of("attribute", "--model", MODEL, "--image", CAT, "--method", "saliency,gradcam", "--sanity",
                "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("00_chelsea_grid.png")).exists();
        assertThat(out.resolve("sanity-00/sanity.png")).exists();
        Map<String, Object> side = Sidecar.read(out.resolve("sanity-00/sanity.json"));
        assertThat(side).containsEntry("methods", List.of("saliency", "gradcam")).containsEntry("depth", 0).containsEntry("seed", 0);
        List<Map<String, Object>> rows = rows(out.resolve("sanity-00/sanity.json"));
        // depth 0 is every weighted layer: as many cascading rows as independent ones, the last cascade randomising them all.
        long cascading = rows.stream().filter(m -> m.get("mode").equals("cascading")).count();
        assertThat(rows).hasSize((int) (2 * cascading));
        assertThat(rows.get((int) cascading - 1).get("layersRandomised")).isEqualTo((int) cascading);
    }
}
