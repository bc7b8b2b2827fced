package dev.visor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The halving row maximum against a plain Java maximum, for every length that exercises the odd-length overlap. */
class LayerReductionTest {
    @Test
    void rowMaxEqualsTheJavaMaximumOfEachRow() {
        Random random = new Random(5);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int len : new int[] {1, 2, 3, 5, 7, 8, 13, 196, 784, 1000}) {
                int rows = 17;
                float[] v = new float[rows * len];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian() * 10 - 20;
                }
                v[3 * len + len - 1] = 1000f; // the last column, which only the odd-length overlap reaches
                v[5 * len] = Float.POSITIVE_INFINITY;
                NDArray x = m.create(v, new Shape(rows, len));
                float[] got = LayerReduction.rowMax(x).toFloatArray();
                for (int r = 0; r < rows; r++) {
                    float want = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < len; j++) {
                        want = Math.max(want, v[r * len + j]);
                    }
                    assertThat(got[r]).as("length %d row %d", len, r).isEqualTo(want);
                }
            }
        }
    }
}
