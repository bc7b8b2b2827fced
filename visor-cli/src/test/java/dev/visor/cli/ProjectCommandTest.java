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

/** {@code visor project} on darknet-tiny at 64 px: the figure and its sidecar, and one-line errors. */
class ProjectCommandTest {
    static final String DARKNET = SharedData.darknet().toString();
    static final String CAT = SharedData.images().resolve("chelsea.png").toString();

    @TempDir
    Path tmp;

    private static CliRun project(Path out, String layer, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("project", "--model", DARKNET, "--input-size", "64", "--image", CAT,
                "--layer", layer, "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesTheFigureAndASidecarOfTheStrongestUnits() {
        Path out = tmp.resolve("p");
        CliRun r = project(out, "leaky_re_lu_4", "--top-units", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("projections.png")).exists();
        Map<String, Object> side = Sidecar.read(out.resolve("projections.json"));
        assertThat(side).containsEntry("method", "deconvnet-projection").containsEntry("layer", "leaky_re_lu_4")
                .containsEntry("topUnits", 3).containsEntry("input", CAT).containsKey("model");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> units = (List<Map<String, Object>>) side.get("units");
        assertThat(units).hasSize(3);
        double previous = Double.POSITIVE_INFINITY;
        for (Map<String, Object> u : units) {
            double a = ((Number) u.get("activation")).doubleValue();
            assertThat(a).as("strongest first").isLessThanOrEqualTo(previous);
            previous = a;
            @SuppressWarnings("unchecked")
            List<Integer> box = (List<Integer>) u.get("field");
            // x0, y0, x1, y1 inside the 64 px input, non-empty
            assertThat(box.get(0)).isBetween(0, 63);
            assertThat(box.get(1)).isBetween(0, 63);
            assertThat(box.get(2)).isBetween(box.get(0) + 1, 64);
            assertThat(box.get(3)).isBetween(box.get(1) + 1, 64);
        }
        assertThat(r.out()).contains("leaky_re_lu_4:", "receptive field", "-> " + out.resolve("projections.png"));
    }

    @Test
    void aLayerWithoutASpatialMapIsOneLineNamingLayersThatWouldDo() {
        Path out = tmp.resolve("flat");
        CliRun r = project(out, "global_average_pooling2d_1");
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: layer 'global_average_pooling2d_1' has activation shape (1, 1000)")
                .contains("no spatial map", "e.g. conv2d_1").doesNotContain("Exception");
        assertThat(out).as("refused before the output folder is made").doesNotExist();
    }

    @Test
    void unknownLayerAndBadUnitCountAreOneLine() {
        CliRun u = project(tmp.resolve("x"), "leaky_re_lu_99");
        assertThat(u.status()).isEqualTo(2);
        assertThat(u.errLines()).hasSize(1);
        assertThat(u.errLines().get(0)).startsWith("visor: ").contains("unknown layer 'leaky_re_lu_99'");
        CliRun n = project(tmp.resolve("x"), "leaky_re_lu_4", "--top-units", "0");
        assertThat(n.errLines()).containsExactly("visor: --top-units must be 1 to 1024, got 0");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void anUnwritableOutIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun r = project(file.resolve("sub"), "leaky_re_lu_4");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: cannot write to output folder " + file.resolve("sub"));
    }

    @Test
    void withDataEachUnitsTopPatchesStandBesideItsProjection() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dev.visor.data.FashionMnist.DEBIAN_DIR), "Fashion-MNIST not installed");
        Path out = tmp.resolve("pd");
        CliRun r = CliRun.of("project", "--model", "builtin:fashion-cnn", "--image", CAT, "--layer", "relu2", "--top-units", "2",
                "--data", "fashion-mnist", "--data-limit", "200", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> side = Sidecar.read(out.resolve("projections.json"));
        assertThat(side).containsEntry("data", "fashion-mnist");
        assertThat((List<?>) side.get("columns")).hasSize(4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> units = (List<Map<String, Object>>) side.get("units");
        for (Map<String, Object> u : units) {
            Path montage = out.resolve((String) u.get("topPatches"));
            assertThat(montage).exists();
            // The montage is the top pass's for this very unit, over the first 200 images.
            Map<String, Object> top = Sidecar.read(Sidecar.pathFor(montage));
            assertThat(top).containsEntry("unit", u.get("channel")).containsEntry("layer", "relu2");
        }
        CliRun bad = CliRun.of("project", "--model", "builtin:fashion-cnn", "--image", CAT, "--layer", "relu2",
                "--data", tmp.resolve("no-such-data").toString(), "--out", tmp.resolve("y").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(tmp.resolve("y")).as("refused before the output folder is made").doesNotExist();
    }
}
