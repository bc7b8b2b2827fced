package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.optvis.transform.Jitter;
import dev.visor.optvis.transform.Pad;
import dev.visor.optvis.transform.RandomRotate;
import dev.visor.optvis.transform.RandomScale;
import dev.visor.optvis.transform.Transform;
import dev.visor.optvis.transform.TransformContext;
import dev.visor.optvis.transform.Transforms;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fused transform runs: scale then rotate as one resampling (the same geometry and random draws as two), pad then
 * jitter as one uneven pad (the same values), and pad, jitter, rotate, jitter and the crop to the model as one
 * resampling of the unpadded image (the same values and gradients as each in turn).
 */
class CanvasWarpTest {
    @Test
    void scaleThenRotateInOnePassEqualsTwoPassesOnALinearImage() {
        try (NDManager m = Engines.newManager()) {
            int n = 41;
            float[] ramp = new float[3 * n * n];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        ramp[(c * n + y) * n + x] = 0.2f + 0.01f * x + 0.005f * y + 0.1f * c;
                    }
                }
            }
            NDArray img = m.create(ramp, new Shape(1, 3, n, n));
            List<Transform> chain = List.of(new RandomScale(0.9, 1.1, 11), new RandomRotate(10, 0));
            int composedSteps = 0;
            for (long seed = 1; seed <= 12; seed++) {
                RunRandom r1 = new RunRandom(seed);
                RunRandom r2 = new RunRandom(seed);
                float[] one = Transforms.apply(chain, img, new TransformContext(r1, 0, 1)).toFloatArray();
                NDArray x = img;
                for (Transform t : chain) {
                    x = t.apply(x, new TransformContext(r2, 0, 1));
                }
                float[] two = x.toFloatArray();
                assertThat(r1.nextInt(1 << 30)).as("same random stream").isEqualTo(r2.nextInt(1 << 30));
                // Bilinear sampling reproduces a linear image exactly, so both agree wherever neither read the fill.
                int inner = 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = 12; y < n - 12; y++) {
                        for (int xx = 12; xx < n - 12; xx++) {
                            int i = (c * n + y) * n + xx;
                            assertThat(one[i]).isCloseTo(two[i], offset(2e-5f));
                            inner++;
                        }
                    }
                }
                assertThat(inner).isPositive();
                composedSteps += java.util.Arrays.equals(one, two) ? 0 : 1;
            }
            assertThat(composedSteps).as("some draws both scaled and rotated").isPositive();
        }
    }

    @Test
    void padThenJitterAsOneUnevenPadEqualsBothInTurn() {
        try (NDManager m = Engines.newManager()) {
            NDArray img = new RunRandom(3).uniform(m, new Shape(2, 3, 9, 11), 0, 1);
            List<Transform> chain = List.of(new Pad(4, 0.5f), new Jitter(3));
            for (long seed = 1; seed <= 8; seed++) {
                RunRandom r1 = new RunRandom(seed);
                RunRandom r2 = new RunRandom(seed);
                NDArray one = Transforms.apply(chain, img, new TransformContext(r1, 0, 1));
                NDArray two = img;
                for (Transform t : chain) {
                    two = t.apply(two, new TransformContext(r2, 0, 1));
                }
                assertThat(one.getShape()).isEqualTo(two.getShape());
                assertThat(one.toFloatArray()).containsExactly(two.toFloatArray());
                assertThat(r1.nextInt(1 << 30)).isEqualTo(r2.nextInt(1 << 30));
            }
        }
    }

    @Test
    void padJitterRotateJitterCropAsOneResamplingEqualsEachInTurnWithTheSameGradient() {
        try (NDManager m = Engines.newManager()) {
            NDArray img = new RunRandom(4).uniform(m, new Shape(2, 3, 20, 20), 0, 1);
            NDArray probe = new RunRandom(5).uniform(m, new Shape(2, 3, 16, 16), 0, 1);
            // Rotation alone (no extra zeros) so that every step resamples and each-in-turn is also one resampling.
            List<Transform> chain = List.of(new Pad(5, 0.5f), new Jitter(3), new RandomRotate(10, 0), new Jitter(2),
                    new dev.visor.optvis.transform.FitToModel(16, 16));
            int rotated = 0;
            for (long seed = 1; seed <= 10; seed++) {
                RunRandom r1 = new RunRandom(seed);
                RunRandom r2 = new RunRandom(seed);
                float[][] one = valueAndGradient(m, img, probe, x -> Transforms.apply(chain, x, new TransformContext(r1, 0, 1)));
                float[][] two = valueAndGradient(m, img, probe, x -> {
                    NDArray y = x;
                    for (Transform t : chain) {
                        y = t.apply(y, new TransformContext(r2, 0, 1));
                    }
                    return y;
                });
                assertThat(r1.nextInt(1 << 30)).as("same random stream").isEqualTo(r2.nextInt(1 << 30));
                assertThat(one[0]).hasSameSizeAs(two[0]);
                for (int i = 0; i < one[0].length; i++) {
                    assertThat(one[0][i]).as("value %d, seed %d", i, seed).isCloseTo(two[0][i], offset(1e-5f));
                }
                for (int i = 0; i < one[1].length; i++) {
                    assertThat(one[1][i]).as("gradient %d, seed %d", i, seed).isCloseTo(two[1][i], offset(1e-5f));
                }
                rotated += java.util.Arrays.equals(one[0], two[0]) ? 0 : 1;
            }
            assertThat(rotated).as("steps that resampled (not bit-equal to the padded path)").isPositive();
        }
    }

    /** The transformed batch and the gradient of its dot product with {@code probe} at the input. */
    private static float[][] valueAndGradient(NDManager m, NDArray img, NDArray probe,
                                              java.util.function.UnaryOperator<NDArray> f) {
        try (NDManager sm = m.newSubManager(); dev.visor.engine.GradScope g = dev.visor.engine.GradScope.open()) {
            NDArray leaf = img.duplicate();
            leaf.attach(sm);
            leaf.setRequiresGradient(true);
            NDArray out = f.apply(leaf);
            NDArray dot = out.mul(probe).sum();
            ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) dot,
                    (ai.djl.pytorch.engine.PtNDArray) dot.onesLike(), false, false);
            return new float[][] {out.toFloatArray(), leaf.getGradient().toFloatArray()};
        }
    }
}
