package dev.visor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.io.visor.VisorModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose input is a plain vector (a generator's code) is saved, loaded and run like any other. */
class VectorInputTest {
    @Test
    void aDenseModelWithAVectorInputRoundTripsThroughTheVisorFormat(@TempDir Path dir) {
        NDManager m = Engines.newManager();
        float[] w = {1, 2, 3, -1, 0, 0.5f}; // 2 outputs × 3 inputs
        Graph g = new Graph.Builder().name("dense").input("code", -1, 3)
                .initializer("w", m.create(w, new Shape(2, 3))).initializer("b", m.create(new float[] {0.5f, -0.5f}))
                .node("fc", "Gemm", List.of("code", "w", "b"), "fc", Attributes.builder().put("transB", 1L).build())
                .output("fc").build();
        try (Model model = new Model(g, InputSpec.vector(3), List.of(), "dense", m)) {
            VisorModelFile.write(model, null, dir);
        }
        try (Model back = VisorModelFile.read(VisorModelFile.directory(dir), "dense");
             NDManager step = Engines.newManager()) {
            assertThat(back.inputSpec().isVector()).isTrue();
            assertThat(back.inputSpec().channels()).isEqualTo(3);
            assertThat(back.inputSpec().batchShape(4)).isEqualTo(new Shape(4, 3));
            NDArray x = step.create(new float[] {1, 1, 2}, new Shape(1, 3));
            assertThat(back.inputSpec().toModel(x)).isSameAs(x);
            float[] y = back.forward(x).output().toFloatArray();
            // By hand: 1+2+6+0.5 and -1+0+1-0.5.
            assertThat(y).containsExactly(9.5f, -0.5f);
            assertThatThrownBy(() -> back.forward(step.zeros(new Shape(1, 4)))).isInstanceOf(VisorException.class)
                    .hasMessageContaining("[N, 3]");
        }
    }

    @Test
    void aVectorSpecNeedsSize1x1() {
        assertThatThrownBy(() -> new InputSpec(8, 2, 2, 0f, 1f, null, null, false, InputSpec.VECTOR))
                .isInstanceOf(VisorException.class).hasMessageContaining("vector input");
        assertThat(InputSpec.vector(128).toString()).contains("vector of 128");
    }
}
