package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit status 2, one clear line on stderr, no stack trace. */
class CliErrorsTest {
    static final String DARKNET = SharedData.darknet().toString();

    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("visor: ").doesNotContain("Exception").contains(fragments);
    }

    @Test
    void missingModelFile() {
        assertOneLineError(CliRun.of("layers", "--model", tmp.resolve("none.onnx").toString()), "model not found", "none.onnx");
    }

    @Test
    void jsonThatIsNotAModel() throws IOException {
        Path f = tmp.resolve("model.json");
        Files.writeString(f, "{\"hello\": [1, 2, 3]}");
        assertOneLineError(CliRun.of("layers", "--model", f.toString()), "model.json");
    }

    @Test
    void undecodableImage() throws IOException {
        Path f = tmp.resolve("photo.png");
        Files.writeString(f, "this is not a PNG");
        assertOneLineError(CliRun.of("classify", "--model", DARKNET, "--image", f.toString()), "cannot decode image", "photo.png");
    }

    @Test
    void missingImage() {
        assertOneLineError(CliRun.of("classify", "--model", DARKNET, "--image", tmp.resolve("x.jpg").toString()), "image not found");
    }

    @Test
    void unknownFlagNamesTheCommand() {
        CliRun r = CliRun.of("layers", "--model", DARKNET, "--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'").contains("visor layers --help").doesNotContain("Exception");
    }

    @Test
    void greyAndRgbaImagesAreConvertedForAnRgbModel() throws IOException {
        Path grey = tmp.resolve("grey.png");
        Path rgba = tmp.resolve("rgba.png");
        java.awt.image.BufferedImage src = dev.visor.data.Images.read(SharedData.images().resolve("chelsea.png"));
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(src.getWidth(), src.getHeight(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(src, 0, 0, null);
        javax.imageio.ImageIO.write(g, "png", grey.toFile());
        java.awt.image.BufferedImage a = new java.awt.image.BufferedImage(src.getWidth(), src.getHeight(), java.awt.image.BufferedImage.TYPE_INT_ARGB);
        a.getGraphics().drawImage(src, 0, 0, null);
        javax.imageio.ImageIO.write(a, "png", rgba.toFile());
        CliRun r = CliRun.of("classify", "--model", DARKNET, "--image", grey.toString(), rgba.toString(), "--top", "1");
        assertThat(r.status()).as(r.err()).isZero();
        // The RGBA copy is the same photo: still an Egyptian cat. The grey one is still some cat.
        assertThat(r.out()).contains("Egyptian cat").containsPattern("(?s)grey.png\\s+\\S*.*(cat|lynx)");
    }
}
