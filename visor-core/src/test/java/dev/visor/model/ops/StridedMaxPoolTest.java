package dev.visor.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import org.junit.jupiter.api.Test;

/** The inference fast path of MaxPool gives exactly libtorch's max_pool2d values. */
class StridedMaxPoolTest {
    @Test
    void equalsMaxPool2dForKernelsStridesAndOddSizes() {
        try (NDManager m = Engines.newManager()) {
            RunRandom r = new RunRandom(5);
            int[][] cases = {{2, 2, 2, 2}, {3, 3, 2, 2}, {3, 3, 1, 1}, {2, 2, 1, 1}, {1, 3, 1, 2}, {3, 2, 3, 2}};
            for (int[] c : cases) {
                for (int size : new int[] {7, 8, 13}) {
                    NDArray x = r.normal(m, new Shape(2, 3, size, size + 1), 1f);
                    NDArray expected = x.getNDArrayInternal().maxPool(new Shape(c[0], c[1]), new Shape(c[2], c[3]), new Shape(0, 0), false);
                    NDArray actual = PoolOps.stridedMax(x, new int[] {c[0], c[1]}, new int[] {c[2], c[3]});
                    assertThat(actual.getShape()).isEqualTo(expected.getShape());
                    assertThat(actual.toFloatArray()).containsExactly(expected.toFloatArray());
                }
            }
        }
    }
}
