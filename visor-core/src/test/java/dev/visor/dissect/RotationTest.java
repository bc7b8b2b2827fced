package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation transform, and must-show 3 of issue 13: a random rotation of a layer's channels lowers its unique detectors. */
class RotationTest {
    @TempDir
    Path tmp;

    @Test
    void theRotationIsOrthogonalAndSeeded() {
        for (int n : new int[] {1, 3, 64}) {
            double[][] q = Rotation.random(n, 5);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    double dotT = 0;
                    for (int k = 0; k < n; k++) {
                        dot += q[k][i] * q[k][j];
                        dotT += q[i][k] * q[j][k];
                    }
                    assertThat(dot).as("(QᵀQ)[%d][%d], n = %d", i, j, n).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(dotT).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
            assertThat(Rotation.random(n, 5)).isDeepEqualTo(q);
        }
        assertThat(java.util.Arrays.deepEquals(Rotation.random(8, 6), Rotation.random(8, 5))).isFalse();
        // Haar: the mean of the diagonal is 0 (a QR without the sign fix has a positive-biased one)
        double diag = 0;
        for (int s = 0; s < 200; s++) {
            diag += Rotation.random(4, 100 + s)[0][0];
        }
        assertThat(diag / 200).isBetween(-0.12, 0.12);
        assertThatThrownBy(() -> Rotation.random(0, 1)).isInstanceOf(VisorException.class);
    }

    @Test
    void theRotatedLayerIsTheRotationOfTheLayersChannelsAtEveryPosition() {
        double[][] q = Rotation.random(3, 11);
        try (Model m = PlantedNets.planted(16); Model r = Rotation.apply(m, "colour", q); NDManager step = Engines.newManager()) {
            NDArray x = new RunRandom(3).normal(step, m.inputSpec().batchShape(2), 1f).abs();
            float[] a = r.forward(x, "colour").get("colour").toFloatArray();
            float[] b = r.forward(x, Rotation.rotatedName("colour")).get(Rotation.rotatedName("colour")).toFloatArray();
            float[] original = m.forward(x, "colour").get("colour").toFloatArray();
            assertThat(a).containsExactly(original);
            int hw = 16 * 16;
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 3; i++) {
                    for (int p = 0; p < hw; p++) {
                        double want = 0;
                        for (int j = 0; j < 3; j++) {
                            want += q[i][j] * a[(n * 3 + j) * hw + p];
                        }
                        assertThat((double) b[(n * 3 + i) * hw + p]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
            }
            assertThatThrownBy(() -> Rotation.apply(m, "colour", new double[][] {{1, 0}, {0}})).hasMessageContaining("square");
        }
    }

    @Test
    void aRandomRotationOfTrainedUnitsLowersTheirUniqueDetectors() {
        ProbeSet probe = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(300).withSize(32).withSeed(21),
                tmp.resolve("synth")));
        try (Model m = ModelLoader.load("builtin:fashion-cnn"); Model r = Rotation.apply(m, "relu2", Rotation.random(64, 23))) {
            DissectResult d = DissectJob.run(r, probe, DissectSettings.defaults().withLayers("relu2", Rotation.rotatedName("relu2"))
                    .withTopImages(1).withSketchK(1000), PassListener.NONE, null);
            DissectResult.LayerSummary before = d.summary("relu2");
            DissectResult.LayerSummary after = d.summary(Rotation.rotatedName("relu2"));
            System.out.printf("fashion-cnn relu2 on 300 synthetic images: unique detectors %d %s -> rotated %d %s; detectors %d -> %d%n",
                    before.unique(), before.uniqueByCategory(), after.unique(), after.uniqueByCategory(), before.detectors(), after.detectors());
            assertThat(after.unique()).isLessThan(before.unique());
        }
    }
}
