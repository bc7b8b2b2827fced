package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor facets} on builtin:fashion-cnn: the files it writes, and one-line errors before any work. */
class FacetsCommandTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void writesFacetsMontagesScatterAndJson() throws Exception {
        Path out = tmp.resolve("facets");
        CliRun r = CliRun.of("facets", "--model", "builtin:fashion-cnn", "--data", "fashion-mnist:test",
                "--objective", "logits:8", "--facets", "3", "--top", "60", "--top-fraction", "0.006", "--steps", "6",
                "--set", "octaves=2", "--seed", "2", "--quiet", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        for (String f : List.of("facets.json", "tsne.png", "facets.png", "facet_00.png", "facet_00.json", "facet_00_images.png",
                "facet_02.png", "facet_02_images.png")) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        Map<String, Object> json = new ObjectMapper().readValue(out.resolve("facets.json").toFile(), Map.class);
        assertThat(json.get("k")).isEqualTo(3);
        assertThat((List<Integer>) json.get("clusterSizes")).hasSize(3).allMatch(n -> n > 0);
        assertThat(((List<Integer>) json.get("clusterSizes")).stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat((List<?>) json.get("activations")).hasSize(3);
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertThat(settings).containsEntry("objective", "logits:8").containsEntry("top", 60).containsEntry("seed", 2);
        assertThat((Map<String, Object>) settings.get("render")).containsEntry("preset", "mfv").containsEntry("octaves", 2);
    }

    @Test
    void badInputIsOneLineAndTouchesNothing() throws Exception {
        Path out = tmp.resolve("never");
        CliRun k = CliRun.of("facets", "--model", "builtin:fashion-cnn", "--objective", "logits:1", "--facets", "many",
                "--out", out.toString());
        assertThat(k.status()).isEqualTo(2);
        assertThat(k.errLines()).containsExactly("visor: --facets must be a number of facets (1 to 100) or auto, got 'many'");
        CliRun u = CliRun.of("facets", "--model", "builtin:fashion-cnn", "--objective", "logits:10", "--out", out.toString());
        assertThat(u.status()).isEqualTo(2);
        assertThat(u.errLines()).hasSize(1);
        assertThat(u.errLines().get(0)).contains("out of range");
        CliRun l = CliRun.of("facets", "--model", "builtin:fashion-cnn", "--objective", "logits:1", "--embed-layer", "fc9",
                "--out", out.toString());
        assertThat(l.status()).isEqualTo(2);
        assertThat(l.errLines()).hasSize(1);
        assertThat(l.errLines().get(0)).contains("unknown layer 'fc9'");
        assertThat(out).doesNotExist();
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        CliRun f = CliRun.of("facets", "--model", "builtin:fashion-cnn", "--objective", "logits:1", "--out", file.toString());
        assertThat(f.status()).isEqualTo(2);
        assertThat(f.errLines()).containsExactly("visor: cannot write to output folder " + file + ": it is a file");
    }
}
