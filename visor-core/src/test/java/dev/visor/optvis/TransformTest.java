package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.optvis.transform.FitToModel;
import dev.visor.optvis.transform.Transform;
import dev.visor.optvis.transform.TransformContext;
import dev.visor.optvis.transform.Transforms;
import dev.visor.optvis.transform.Warp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransformTest {
    static NDManager m;

    @BeforeAll
    static void setUp() {
        m = Engines.newManager();
    }

    @AfterAll
    static void tearDown() {
        m.close();
    }

    @Test
    void identityWarpIsExactAndQuarterTurnMovesPixelsWhereExpected() {
        NDArray x = new RunRandom(1).uniform(m, new Shape(2, 3, 7, 7), 0, 1);
        assertThat(Warp.affine(x, 7, 7, 1, 0, 0, 1, 0.5f).toFloatArray()).containsExactly(x.toFloatArray(), offset(1e-6f));
        // Output (x, y) reads input (y, -x) about the centre: out[y][x] = in[6 - x][y].
        float[] in = x.toFloatArray();
        float[] out = Warp.affine(x, 7, 7, 0, 1, -1, 0, 0.5f).toFloatArray();
        for (int c = 0; c < 6; c++) {
            for (int y = 0; y < 7; y++) {
                for (int xx = 0; xx < 7; xx++) {
                    assertThat(out[c * 49 + y * 7 + xx]).isCloseTo(in[c * 49 + (6 - xx) * 7 + y], offset(1e-5f));
                }
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2, 9, 11, 8, 10", "10, 144, 144, 144, 144"})
    void warpGradientIsTheAdjointOfTheWarp(int n, int h, int w, int oh, int ow) {
        NDArray x = new RunRandom(4).uniform(m, new Shape(n, 3, h, w), 0, 1);
        NDArray y = new RunRandom(5).uniform(m, new Shape(n, 3, oh, ow), 0, 1);
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        NDArray grad;
        float forward;
        try (NDManager sm = m.newSubManager();
             ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray leaf = x.duplicate();
            leaf.attach(sm);
            leaf.setRequiresGradient(true);
            NDArray wx = Warp.affine(leaf, oh, ow, 1.1 * c, 1.1 * s, -1.1 * s, 1.1 * c, 0f);
            NDArray dot = wx.mul(y).sum();
            forward = dot.getFloat();
            gc.backward(dot);
            grad = leaf.getGradient().duplicate();
            grad.attach(m);
        }
        float adjoint = x.mul(grad).sum().getFloat();
        System.out.println("adjoint " + adjoint + " forward " + forward);
        assertThat(adjoint).isCloseTo(forward, offset(1e-5f * Math.abs(forward) + 1e-3f));
    }

    @Test
    void resizeKeepsALinearRampLinearAndShiftsOutsideReadTheFill() {
        float[] ramp = new float[5 * 5];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % 5) / 4f;
        }
        NDArray x = m.create(ramp, new Shape(1, 1, 5, 5));
        float[] big = Warp.resize(x, 9, 9).toFloatArray();
        for (int i = 0; i < big.length; i++) {
            assertThat(big[i]).isCloseTo((i % 9) / 8f, offset(1e-6f));
        }
        // Zoom out by 2: the border pixels of a 5x5 output read outside a 5x5 input, so part fill.
        float[] zoomed = Warp.affine(m.ones(new Shape(1, 1, 5, 5)), 5, 5, 2, 0, 0, 2, 0.5f).toFloatArray();
        assertThat(zoomed[12]).isEqualTo(1f);
        assertThat(zoomed[0]).isCloseTo(0.5f, offset(1e-6f));
    }

    @Test
    void standardChainIsSeededAndHasTheExpectedSize() {
        NDArray x = new RunRandom(2).uniform(m, new Shape(2, 3, 32, 32), 0, 1);
        List<Transform> chain = Transforms.standard(12, 8, 0.9, 1.1, 10, 4);
        NDArray a = Transforms.apply(chain, x, new TransformContext(new RunRandom(5), 0, 10));
        NDArray b = Transforms.apply(chain, x, new TransformContext(new RunRandom(5), 0, 10));
        NDArray c = Transforms.apply(chain, x, new TransformContext(new RunRandom(6), 0, 10));
        assertThat(a.getShape()).isEqualTo(new Shape(2, 3, 32 + 24 - 8 - 4, 32 + 24 - 8 - 4));
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.toFloatArray()).isNotEqualTo(c.toFloatArray());
    }

    @Test
    void fitToModelCropsTheCentreOrUpscales() {
        NDArray x = new RunRandom(3).uniform(m, new Shape(1, 3, 10, 10), 0, 1);
        TransformContext ctx = new TransformContext(new RunRandom(0), 0, 1);
        assertThat(new FitToModel(6, 6).apply(x, ctx).toFloatArray()).containsExactly(x.get(":, :, 2:8, 2:8").toFloatArray());
        assertThat(new FitToModel(16, 16).apply(x, ctx).getShape()).isEqualTo(new Shape(1, 3, 16, 16));
        assertThat(new FitToModel(-1, -1).apply(x, ctx)).isSameAs(x);
    }
}
