package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.report.Sidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor attribute}: outputs with sidecars, and one-line errors with exit status 2. */
class AttributeCommandTest {
    static final String MODEL = "builtin:fashion-cnn";

    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").doesNotContain("Exception").contains(fragments);
    }

    private static String cat() {
        return SharedData.images().resolve("chelsea.png").toString();
    }

    @Test
    void unknownMethodIsOneLine() {
        assertOneLineError(CliRun.of("attribute", "--model", MODEL, "--image", cat(), "--method", "saliency,occlusion",
                "--out", "unused"), "unknown attribution method 'occlusion'", "gradcam");
    }

    @Test
    void badTargetsAndLayerAreOneLine() {
        assertOneLineError(CliRun.of("attribute", "--model", MODEL, "--image", cat(), "--target", "logit(99)"), "out of range");
        assertOneLineError(CliRun.of("attribute", "--model", MODEL, "--image", cat(), "--target", "logit(3"), "position");
        assertOneLineError(CliRun.of("attribute", "--model", MODEL, "--image", cat(), "--layer", "nosuchlayer"), "unknown layer 'nosuchlayer'");
    }

    @Test
    void writesGridMapsAndSidecarsPerImage() {
        Path out = tmp.resolve("attr");
        CliRun r = CliRun.of("attribute", "--model", MODEL, "--image", cat(), "--method", "saliency,gradcam,guided-gradcam",
                "--target", "logit(3)", "--out", out.toString());
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        assertThat(out.resolve("00_chelsea_grid.png")).exists();
        for (String m : new String[] {"saliency", "gradcam", "guided-gradcam"}) {
            assertThat(out.resolve("00_chelsea_" + m + ".png")).exists();
            Map<String, Object> side = Sidecar.read(out.resolve("00_chelsea_" + m + ".json"));
            assertThat(side).containsEntry("method", m).containsEntry("target", "logit(3)").containsEntry("model", MODEL)
                    .containsKey("score");
        }
        assertThat(Sidecar.read(out.resolve("00_chelsea_gradcam.json"))).containsKey("layer");
        assertThat(r.out()).contains("chelsea.png");
    }
}
