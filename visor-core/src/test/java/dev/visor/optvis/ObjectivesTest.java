package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ImagePenalty;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Objectives against values computed by hand from the raw activations. */
class ObjectivesTest {
    static Model model;
    static NDManager m;
    static Evaluation e;
    static float[] act;   // relu2: (3, 6, 8, 8)
    static float[] logits; // (3, 5)

    @BeforeAll
    static void setUp() {
        model = TinyNets.conv(3, 8, 1);
        m = model.manager().newSubManager();
        NDArray x = new RunRandom(2).uniform(m, new Shape(3, 3, 8, 8), 0, 1);
        Activations a = model.forward(x, "relu2", "logits");
        e = new Evaluation(a, x);
        act = a.get("relu2").toFloatArray();
        logits = a.get("logits").toFloatArray();
    }

    @AfterAll
    static void tearDown() {
        m.close();
        model.close();
    }

    static float a(int n, int c, int y, int x) {
        return act[((n * 6 + c) * 8 + y) * 8 + x];
    }

    static float channelMean(int n, int c) {
        double s = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                s += a(n, c, y, x);
            }
        }
        return (float) (s / 64);
    }

    @Test
    void channelNeuronAndDenseUnit() {
        float[] ch = Objectives.channel("relu2", 4).score(e).toFloatArray();
        float[] neuron = Objectives.neuron("relu2", 4).score(e).toFloatArray();
        float[] at = Objectives.neuron("relu2", 4, 1, 6).score(e).toFloatArray();
        float[] dense = Objectives.channel("logits", 2).score(e).toFloatArray();
        for (int n = 0; n < 3; n++) {
            assertThat(ch[n]).isCloseTo(channelMean(n, 4), offset(1e-5f));
            assertThat(neuron[n]).isEqualTo(a(n, 4, 4, 4));
            assertThat(at[n]).isEqualTo(a(n, 4, 6, 1));
            assertThat(dense[n]).isEqualTo(logits[n * 5 + 2]);
        }
    }

    @Test
    void aSinglePerItemObjectiveKeepsItsGradient() {
        // One item used to go through a one-array concat, which DJL returns detached: no gradient, a failed render.
        try (NDManager g = model.manager().newSubManager();
             ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray x = new dev.visor.engine.RunRandom(2).uniform(g, model.inputSpec().batchShape(1), 0, 1);
            x.setRequiresGradient(true);
            Activations a = model.forward(x, "logits");
            NDArray score = Objective.perItem(List.of(Objectives.logit("logits", 2))).score(new Evaluation(a, x));
            a.backward(score.sum());
            assertThat(x.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        }
    }

    @Test
    void perItemPicksEachItemsOwnUnitWithAndWithoutTheGatherPath() {
        float[] gathered = Objective.perItem(List.of(Objectives.channel("relu2", 1), Objectives.channel("relu2", 5),
                Objectives.channel("relu2", 0))).score(e).toFloatArray();
        float[] mixed = Objective.perItem(List.of(Objectives.channel("relu2", 1), Objectives.neuron("relu2", 5),
                Objectives.logit("logits", 3))).score(e).toFloatArray();
        assertThat(gathered).containsExactly(new float[] {channelMean(0, 1), channelMean(1, 5), channelMean(2, 0)}, offset(1e-5f));
        assertThat(mixed).containsExactly(new float[] {channelMean(0, 1), a(1, 5, 4, 4), logits[2 * 5 + 3]}, offset(1e-5f));
    }

    @Test
    void algebraDirectionAndLogProbability() {
        Objective o = Objectives.channel("relu2", 0).plus(Objectives.channel("relu2", 1).times(2)).minus(Objectives.neuron("relu2", 3));
        float[] s = o.score(e).toFloatArray();
        float[] dir = Objectives.direction("relu2", new float[] {0, 0.5f, 0, -1, 0, 0}).score(e).toFloatArray();
        float[] lp = Objectives.logProbability("logits", 1).score(e).toFloatArray();
        for (int n = 0; n < 3; n++) {
            assertThat(s[n]).isCloseTo(channelMean(n, 0) + 2 * channelMean(n, 1) - a(n, 3, 4, 4), offset(1e-4f));
            assertThat(dir[n]).isCloseTo(0.5f * channelMean(n, 1) - channelMean(n, 3), offset(1e-5f));
            double lse = 0;
            for (int k = 0; k < 5; k++) {
                lse += Math.exp(logits[n * 5 + k]);
            }
            assertThat(lp[n]).isCloseTo((float) (logits[n * 5 + 1] - Math.log(lse)), offset(1e-5f));
        }
        assertThat(o.layers()).containsExactlyInAnyOrder("relu2");
    }

    @Test
    void diversityEqualsLucidsGramCosineSum() {
        double[][] gram = new double[3][36];
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    double s = 0;
                    for (int p = 0; p < 64; p++) {
                        s += a(n, i, p / 8, p % 8) * a(n, j, p / 8, p % 8);
                    }
                    gram[n][i * 6 + j] = s;
                }
            }
        }
        double total = 0;
        double pairs = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    double dot = 0, ni = 0, nj = 0;
                    for (int k = 0; k < 36; k++) {
                        dot += gram[i][k] * gram[j][k];
                        ni += gram[i][k] * gram[i][k];
                        nj += gram[j][k] * gram[j][k];
                    }
                    total += dot / Math.sqrt(ni * nj);
                    pairs++;
                }
            }
        }
        float[] perItem = Objectives.diversity("relu2").score(e).toFloatArray();
        // Lucid: sum over ordered pairs / N.
        assertThat(perItem[0] + perItem[1] + perItem[2]).isCloseTo((float) (total / 3), offset(1e-4f));
        assertThat(dev.visor.optvis.objective.DiversityObjective.meanPairwiseCosine(e.activations().get("relu2")))
                .isCloseTo((float) (total / pairs), offset(1e-5f));
    }

    @Test
    void imagePenaltiesOnAKnownImage() {
        // Stripes: columns alternate 0 and 1 in every channel.
        float[] d = new float[2 * 3 * 4 * 4];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 4) % 2;
        }
        NDArray img = m.create(d, new Shape(2, 3, 4, 4));
        Evaluation ev = new Evaluation(null, img);
        assertThat(Objectives.penalty(ImagePenalty.Kind.L1).score(ev).toFloatArray()).containsExactly(0.5f, 0.5f);
        assertThat(Objectives.penalty(ImagePenalty.Kind.L2).score(ev).toFloatArray()[0]).isCloseTo(0.5f, offset(1e-5f));
        // Every horizontal neighbour differs by 1, no vertical one does.
        assertThat(Objectives.penalty(ImagePenalty.Kind.TV).score(ev).toFloatArray()).containsExactly(1f, 1f);
        assertThat(Objectives.penalty(ImagePenalty.Kind.BLUR).score(ev).toFloatArray()[0]).isGreaterThan(0.05f);
    }

    @Test
    void validationNamesTheRangeAndCloseLayers() {
        ModelShapes shapes = new ModelShapes(model);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Objectives.channel("relu2", 6).validate(shapes))
                .hasMessage("unit 6 is out of range for layer 'relu2', which has 6 units (0-5)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Objectives.channel("relu3", 0).validate(shapes))
                .hasMessageContaining("unknown layer 'relu3'").hasMessageContaining("relu2");
    }
}
