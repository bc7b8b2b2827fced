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

/** {@code visor sanity-render} on builtin:fashion-cnn, a few steps: the strip, the sidecar, one-line errors. */
class SanityRenderCommandTest {
    static final String MODEL = "builtin:fashion-cnn";

    @TempDir
    Path tmp;

    @Test
    void writesTheStripAndASidecarWithSettingsAndSeed() {
        Path out = tmp.resolve("sr");
        CliRun r = CliRun.of("sanity-render", "--model", MODEL, "-o", "logit(1)", "--preset", "small", "--steps", "6", "--depth", "2",
                "--seed", "9", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("render-cascade.png")).exists();
        Map<String, Object> side = Sidecar.read(out.resolve("render-cascade.json"));
        assertThat(side).containsEntry("seed", 9).containsEntry("depth", 2).containsKeys("model", "objective", "settings");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) side.get("settings");
        assertThat(settings).containsEntry("steps", 6).containsEntry("preset", "small");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) side.get("rows");
        // The trained model's render, then the top one and the top two layers randomised (logits, fc1).
        assertThat(rows).extracting(m -> m.get("layer")).containsExactly("", "logits", "fc1");
        assertThat(((Number) rows.get(0).get("spearman")).doubleValue()).isEqualTo(1.0);
        assertThat(r.out()).contains("(trained)", "3 renders in");
    }

    @Test
    void badObjectiveDepthAndOutAreOneLine() throws IOException {
        CliRun u = CliRun.of("sanity-render", "--model", MODEL, "-o", "relu9:1", "--out", tmp.resolve("x").toString());
        assertThat(u.status()).isEqualTo(2);
        assertThat(u.errLines()).hasSize(1);
        assertThat(u.errLines().get(0)).startsWith("visor: ").contains("unknown layer 'relu9'");
        assertThat(tmp.resolve("x")).doesNotExist();
        CliRun d = CliRun.of("sanity-render", "--model", MODEL, "-o", "relu2:1", "--depth", "-2", "--out", tmp.resolve("x").toString());
        assertThat(d.errLines()).containsExactly("visor: --depth must be 0 (all layers) or more, got -2");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun o = CliRun.of("sanity-render", "--model", MODEL, "-o", "relu2:1", "--steps", "100000", "--out", file.toString());
        assertThat(o.errLines()).containsExactly("visor: cannot write to output folder " + file + ": it is a file");
    }
}
