package dev.visor.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.engine.Engines;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.OpContext;
import dev.visor.model.OpRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ops that pass a single input through (Concat of one, Sum of one, Clip without bounds) keep the gradient:
 * DJL's duplicate() and one-array concat return detached copies, which silently cut the graph.
 */
class SingleInputGradientTest {
    @Test
    void passThroughOpsKeepTheGradient() {
        for (String type : List.of("Concat", "Sum", "Clip", "Identity")) {
            try (NDManager m = Engines.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = m.create(new float[] {1, -2, 3}).reshape(1, 3);
                x.setRequiresGradient(true);
                Attributes attrs = type.equals("Concat") ? Attributes.builder().put("axis", 1L).build() : Attributes.empty();
                Node node = Node.of("n", type, List.of("x"), "y", attrs);
                NDArray y = OpRegistry.standard().create(node, "test").apply(new OpContext(m, false, node), List.of(x.mul(x))).get(0);
                gc.backward(y.sum());
                assertThat(x.getGradient().toFloatArray()).as(type).containsExactly(2f, -4f, 6f);
            }
        }
    }
}
