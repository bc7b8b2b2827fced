package dev.visor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.engine.Engines;
import dev.visor.model.InputSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Regression test for DJL's mul/div(Number), which free their scalar before backward reads it:
 * after a garbage collection that lets native memory be reused (here filled with NaN), the
 * gradients through {@link Scalars} and {@link InputSpec#toModel} must still be exact.
 */
class ScalarsTest {
    private static float gradientAfterGc(UnaryOperator<NDArray> f) throws InterruptedException {
        try (NDManager m = Engines.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = m.ones(new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            NDArray y = f.apply(x);
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(5);
            }
            List<ByteBuffer> junk = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                junk.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
            }
            gc.backward(y.sum());
            return x.getGradient().toFloatArray()[0];
        }
    }

    @Test
    void gradientsThroughScalarsSurviveGarbageCollection() throws InterruptedException {
        InputSpec spec = new InputSpec(1, 2, 2, 0f, 255f, null, null, false, "NCHW");
        for (int trial = 0; trial < 5; trial++) {
            assertThat(gradientAfterGc(x -> Scalars.times(x, 3))).isEqualTo(3f);
            assertThat(gradientAfterGc(x -> Scalars.divide(x, 4))).isEqualTo(0.25f);
            assertThat(gradientAfterGc(spec::toModel)).isEqualTo(255f);
            assertThat(gradientAfterGc(x -> Scalars.max(x, 0.5))).isEqualTo(1f);
            assertThat(gradientAfterGc(x -> Scalars.min(x, 2))).isEqualTo(1f);
            assertThat(gradientAfterGc(x -> Scalars.pow(x, 3))).isEqualTo(3f);
        }
    }

    /** Ops with constant factors (Gemm alpha, HardSigmoid, Elu) keep exact gradients through a GC too. */
    @Test
    void opsWithConstantFactorsSurviveGarbageCollection() throws InterruptedException {
        for (int trial = 0; trial < 3; trial++) {
            assertThat(gradientAfterGc(x -> op("HardSigmoid", x, dev.visor.model.Attributes.builder().put("alpha", 0.25f).build())))
                    .isEqualTo(0.25f);
            assertThat(gradientAfterGc(x -> op("Selu", x, dev.visor.model.Attributes.builder().put("gamma", 2f).build())))
                    .isEqualTo(2f);
            assertThat(gradientAfterGc(x -> op("Reciprocal", x, dev.visor.model.Attributes.empty()))).isEqualTo(-1f);
        }
    }

    private static NDArray op(String type, NDArray x, dev.visor.model.Attributes attrs) {
        dev.visor.model.Node node = dev.visor.model.Node.of("n", type, List.of("x"), "y", attrs);
        return dev.visor.model.OpRegistry.standard().create(node, "test")
                .apply(new dev.visor.model.OpContext(x.getManager(), false, node), List.of(x)).get(0);
    }
}
