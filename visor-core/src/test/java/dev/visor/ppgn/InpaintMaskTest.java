package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.model.InputSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default patch is the centred 10×10 of a 28-px input (scaled with the input); a mask file's white pixels are the patch. */
class InpaintMaskTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultPatchIsTheCentredTenByTenAt28Pixels() {
        try (NDManager m = Engines.newManager()) {
            float[] v = InpaintMask.centred(m, InputSpec.grey01(28, 28)).toFloatArray();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean inPatch = y >= 9 && y < 19 && x >= 9 && x < 19;
                    assertThat(v[y * 28 + x]).as("(%d, %d)", x, y).isEqualTo(inPatch ? 0f : 1f);
                }
            }
            float[] big = InpaintMask.centred(m, InputSpec.grey01(56, 56)).toFloatArray();
            int zeros = 0;
            for (float f : big) {
                zeros += f == 0f ? 1 : 0;
            }
            assertThat(zeros).isEqualTo(20 * 20);
        }
    }

    @Test
    void aMaskFilesWhitePixelsAreThePatch() {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 2; y < 6; y++) {
            for (int x = 3; x < 8; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        Path f = tmp.resolve("mask.png");
        Images.writePng(img, f);
        try (NDManager m = Engines.newManager()) {
            float[] v = InpaintMask.fromFile(m, f, InputSpec.grey01(28, 28)).toFloatArray();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean white = y >= 2 && y < 6 && x >= 3 && x < 8;
                    assertThat(v[y * 28 + x]).isEqualTo(white ? 0f : 1f);
                }
            }
        }
    }
}
