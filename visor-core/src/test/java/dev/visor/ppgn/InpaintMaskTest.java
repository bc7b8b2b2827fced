package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import org.junit.jupiter.api.Test;

class InpaintMaskTest {
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
