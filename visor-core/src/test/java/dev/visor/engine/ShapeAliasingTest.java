package dev.visor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Documents a DJL 0.36 pitfall (docs/ENGINE-FINDINGS.md): {@code NDArray.getShape()} caches one
 * {@link Shape} per tensor and {@link Shape#getShape()} hands out the array inside it, not a copy. Writing
 * into that array silently changes the shape the tensor reports, while its data stays as it was. If DJL
 * starts returning a copy, this test fails and the pitfall can be struck from the findings.
 */
class ShapeAliasingTest {
    @Test
    void writingIntoGetShapeArrayChangesTheTensorsReportedShape() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.zeros(new Shape(1, 2, 3, 4));
            long[] dims = x.getShape().getShape();
            dims[2] = 99;
            assertThat(x.getShape()).isEqualTo(new Shape(1, 2, 99, 4));
            assertThat(x.toFloatArray()).hasSize(1 * 2 * 3 * 4);
        }
    }

    @Test
    void aCloneOfTheArrayLeavesTheTensorAlone() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.zeros(new Shape(1, 2, 3, 4));
            long[] dims = x.getShape().getShape().clone();
            dims[2] = 99;
            assertThat(x.getShape()).isEqualTo(new Shape(1, 2, 3, 4));
        }
    }
}
