package dev.visor.optvis.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.Engines;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.TinyNets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inversion objectives against sums written out here. */
class InversionObjectivesTest {
    @Test
    void featureMatchAndCaricatureAreTheRelativeErrorAndTheNormalisedDotProduct() {
        try (Model model = TinyNets.conv(1, 6, 3); NDManager m = model.manager().newSubManager()) {
            NDArray x0 = m.randomUniform(0, 1, new Shape(1, 1, 6, 6));
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 6, 6));
            NDArray phi0 = model.forward(x0, ForwardRequest.of("relu1")).get("relu1");
            Activations a = model.forward(x, ForwardRequest.of("relu1"));
            float[] p0 = phi0.toFloatArray();
            float[] p = a.get("relu1").toFloatArray();
            double n2 = 0;
            for (float v : p0) {
                n2 += v * v;
            }
            float[] match = Objectives.featureMatch(Map.of("relu1", phi0)).score(new Evaluation(a, x)).toFloatArray();
            float[] dot = Objectives.caricature(Map.of("relu1", phi0)).score(new Evaluation(a, x)).toFloatArray();
            for (int i = 0; i < 2; i++) {
                double err = 0;
                double d = 0;
                for (int j = 0; j < p0.length; j++) {
                    double q = p[i * p0.length + j];
                    err += (q - p0[j]) * (q - p0[j]);
                    d += q * p0[j];
                }
                assertThat((double) match[i]).isCloseTo(-err / n2, offset(1e-5));
                assertThat((double) dot[i]).isCloseTo(d / n2, offset(1e-5));
            }
            // At x = x0 the match is perfect and the caricature is 1.
            Activations same = model.forward(x0, ForwardRequest.of("relu1"));
            assertThat(Objectives.featureMatch(Map.of("relu1", phi0)).score(new Evaluation(same, x0)).getFloat(0)).isCloseTo(0f, offset(1e-6f));
            assertThat(Objectives.caricature(Map.of("relu1", phi0)).score(new Evaluation(same, x0)).getFloat(0)).isCloseTo(1f, offset(1e-5f));
        }
    }

    @Test
    void alphaNormAndTvBetaAreTheMeansWrittenOut() {
        try (NDManager m = Engines.newManager()) {
            float[] v = {0.1f, 0.9f, 0.4f, 0.7f, 0.3f, 0.2f};
            NDArray img = m.create(v, new Shape(1, 1, 2, 3));
            double alpha = 0;
            for (float f : v) {
                alpha += Math.pow(Math.abs(255 * (f - 0.5)), 6);
            }
            alpha /= v.length;
            // TV_2 on the 1×2 grid where both forward differences exist: pixels (0,0) and (0,1).
            double tv = (Math.pow(0.9 - 0.1, 2) + Math.pow(0.7 - 0.1, 2) + Math.pow(0.4 - 0.9, 2) + Math.pow(0.3 - 0.9, 2)) / 2;
            Evaluation e = new Evaluation(null, img);
            assertThat((double) NormPenalty.alphaNorm(6, 0.5, 255).score(e).getFloat(0)).isCloseTo(alpha, offset(alpha * 1e-5));
            assertThat((double) NormPenalty.tvBeta(2).score(e).getFloat(0)).isCloseTo(tv, offset(1e-6));
            assertThat((double) NormPenalty.tvBeta(1).score(e).getFloat(0))
                    .isCloseTo((Math.sqrt(0.64 + 0.36) + Math.sqrt(0.25 + 0.36)) / 2, offset(1e-5));
            assertThat(List.of(NormPenalty.tvBeta(2).describe(), NormPenalty.alphaNorm(6, 0.5, 255).describe()))
                    .containsExactly("tv_beta(2)", "alpha_norm(6)");
        }
    }
}
