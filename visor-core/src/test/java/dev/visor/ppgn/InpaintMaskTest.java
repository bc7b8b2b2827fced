package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.data.Images;
import dev.visor.engine.Engines;
import dev.visor.model.InputSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default patch is the centred 10×10 of a 28-px input (scaled with the input); a mask file's white pixels are the patch;
 * the diffusion fill recovers a harmonic image.
 */
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

    @Test
    void diffusionFillOfAPatchInALinearRampIsTheRampAndKeepsTheKnownPixels() {
        // A linear ramp is harmonic (each pixel the mean of its 4 neighbours), so the fill must recover it exactly.
        try (NDManager m = Engines.newManager()) {
            int s = 12;
            float[] img = new float[2 * s * s];
            float[] mask = new float[s * s];
            java.util.Arrays.fill(mask, 1f);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    img[y * s + x] = x / 11f;
                    img[s * s + y * s + x] = 0.2f + 0.05f * y;
                    if (y >= 4 && y < 8 && x >= 4 && x < 8) {
                        mask[y * s + x] = 0f;
                    }
                }
            }
            NDArray x = m.create(img, new Shape(2, 1, s, s));
            NDArray holed = x.mul(m.create(mask, new Shape(1, 1, s, s)));
            float[] got = InpaintMask.diffusionFill(holed, m.create(mask, new Shape(1, 1, s, s))).toFloatArray();
            for (int i = 0; i < img.length; i++) {
                assertThat(got[i]).as("pixel %d", i).isCloseTo(img[i], within(1e-4f));
            }
        }
    }
}
