package dev.visor.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {
    private static final float LR = 0.01f;

    @Test
    void matchesDjlAdamAndTheTextbookFormula() {
        try (NDManager m = Engines.newManager()) {
            RunRandom r = new RunRandom(5);
            NDArray w0 = r.normal(m, new Shape(7), 1f);
            NDArray[] grads = new NDArray[6];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = r.normal(m, new Shape(7), 1f);
            }
            NDArray a = w0.duplicate();
            NDArray b = w0.duplicate();
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).build();
            ResumableAdam ours = new ResumableAdam(LR, 0);
            // Independent truth: Adam (Kingma & Ba) written out in Java.
            double[] w = toDouble(w0.toFloatArray());
            double[] mom = new double[7];
            double[] vel = new double[7];
            for (int t = 1; t <= grads.length; t++) {
                djl.update("w", a, grads[t - 1].duplicate());
                ours.update("w", b, grads[t - 1].duplicate());
                float[] g = grads[t - 1].toFloatArray();
                for (int i = 0; i < 7; i++) {
                    mom[i] = 0.9 * mom[i] + 0.1 * g[i];
                    vel[i] = 0.999 * vel[i] + 0.001 * g[i] * g[i];
                    double mh = mom[i] / (1 - Math.pow(0.9, t));
                    double vh = vel[i] / (1 - Math.pow(0.999, t));
                    w[i] -= LR * mh / (Math.sqrt(vh) + 1e-8);
                }
            }
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
            float[] got = b.toFloatArray();
            for (int i = 0; i < 7; i++) {
                assertThat((double) got[i]).isCloseTo(w[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void restoredStateContinuesExactly() {
        try (NDManager m = Engines.newManager()) {
            RunRandom r = new RunRandom(9);
            NDArray w0 = r.normal(m, new Shape(5), 1f);
            NDArray[] grads = new NDArray[5];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = r.normal(m, new Shape(5), 1f);
            }
            NDArray straight = w0.duplicate();
            ResumableAdam one = new ResumableAdam(LR, 0);
            for (NDArray g : grads) {
                one.update("w", straight, g.duplicate());
            }
            NDArray resumed = w0.duplicate();
            ResumableAdam first = new ResumableAdam(LR, 0);
            for (int i = 0; i < 3; i++) {
                first.update("w", resumed, grads[i].duplicate());
            }
            ResumableAdam second = new ResumableAdam(LR, 3);
            Map<String, NDArray> mm = new HashMap<>();
            Map<String, NDArray> vv = new HashMap<>();
            mm.put("w", m.create(first.means().get("w").toFloatArray()));
            vv.put("w", m.create(first.variances().get("w").toFloatArray()));
            second.restore(mm, vv);
            for (int i = 3; i < 5; i++) {
                second.update("w", resumed, grads[i].duplicate());
            }
            assertThat(resumed.toFloatArray()).containsExactly(straight.toFloatArray());
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
