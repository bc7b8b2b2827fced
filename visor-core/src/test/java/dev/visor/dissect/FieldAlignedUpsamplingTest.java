package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.model.ReceptiveField;
import dev.visor.stats.PassListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receptive-field-aligned upsampling ({@code --upsample receptive-field}). The truth: an unpadded k×k convolution's
 * unit i is centred on input pixel i + (k − 1)/2, so on a full-size mask the aligned map must read unit Y − (k − 1)/2
 * at pixel Y; and a redness unit behind such a convolution matches the red regions better when aligned.
 */
class FieldAlignedUpsamplingTest {
    @TempDir
    Path tmp;

    /** Redness R − (G + B)/2 averaged over an unpadded k×k window: a (1, 3, k, k) convolution. */
    private static Model blurredRedness(int size, int k) {
        NDManager m = Engines.newManager();
        float[] w = new float[3 * k * k];
        for (int i = 0; i < k * k; i++) {
            w[i] = 1f / (k * k);
            w[k * k + i] = -0.5f / (k * k);
            w[2 * k * k + i] = -0.5f / (k * k);
        }
        Graph g = new Graph.Builder().name("valid-redness").input("x", -1, 3, -1, -1)
                .initializer("w", m.create(w, new Shape(1, 3, k, k)))
                .node("red", "Conv", List.of("x", "w"), "r", Attributes.empty()).output("r").build();
        return new Model(g, InputSpec.rgb01(size, size), List.of(), "valid-redness", m);
    }

    @Test
    void anUnpaddedConvolutionsUnitsSitAtTheirFieldCentres() {
        int size = 32;
        int k = 7;
        try (Model m = blurredRedness(size, k)) {
            ReceptiveField f = ReceptiveField.of(m, "red");
            int h = size - k + 1;
            float[] ramp = new float[h * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < h; x++) {
                    ramp[y * h + x] = y; // the row index of the map
                }
            }
            float[] aligned = UnitMask.fieldAligned(h, h, size, size, f, size, size).upsample(ramp, 0);
            float[] plain = new UnitMask(h, h, size, size).upsample(ramp, 0);
            int shift = (k - 1) / 2;
            for (int y = 0; y < size; y++) {
                float expected = Math.max(0, Math.min(h - 1, y - shift));
                assertThat(aligned[y * size + 5]).as("row %d", y).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
            }
            // the bilinear rule stretches the 26 rows over 32: off by more than 2 rows near the edges (row 3: 2.34 vs 0)
            double worst = 0;
            for (int y = 0; y < size; y++) {
                worst = Math.max(worst, Math.abs(plain[y * size + 5] - aligned[y * size + 5]));
            }
            assertThat(worst).isGreaterThan(2);
        }
    }

    @Test
    void aSameStackIsUnchangedByAlignment() {
        try (Model m = PlantedNets.planted(32)) {
            // a 1×1 convolution: every unit's field is its own pixel, so both rules sample the same points
            ReceptiveField f = ReceptiveField.of(m, "colour");
            float[] map = new float[16 * 16];
            for (int i = 0; i < map.length; i++) {
                map[i] = (float) Math.sin(i);
            }
            assertThat(UnitMask.fieldAligned(16, 16, 32, 32, f, 16, 16).upsample(map, 0))
                    .containsExactly(new UnitMask(16, 16, 32, 32).upsample(map, 0), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void alignedMasksOverlapTheRedRegionsBetter() {
        ProbeSet probe = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(120).withSize(32).withSeed(5),
                tmp.resolve("synth")));
        try (Model m = blurredRedness(32, 9)) {
            DissectSettings s = DissectSettings.defaults().withSketchK(1000).withLayers("red").withQuantile(0.05);
            Thresholds t = DissectJob.thresholds(m, probe, s, PassListener.NONE, null);
            double plain = redIou(DissectJob.tally(m, probe, s, t, PassListener.NONE, null));
            DissectResult ar = DissectJob.tally(m, probe, s.withUpsampling(Upsampling.RECEPTIVE_FIELD), t, PassListener.NONE, null);
            double aligned = redIou(ar);
            System.out.printf("red-c IoU of a 9x9 valid-conv redness unit: bilinear %.3f, receptive-field %.3f%n", plain, aligned);
            assertThat(aligned).isGreaterThan(plain + 0.01); // measured 0.332 -> 0.350
            assertThat(ar.settings().toMap()).containsEntry("upsampling", "receptive-field");
            assertThat(DissectSettings.fromMap(ar.settings().toMap()).upsampling()).isEqualTo(Upsampling.RECEPTIVE_FIELD);
        }
    }

    private static double redIou(DissectResult r) {
        return r.labels("red").get(0).best().stream().filter(x -> x.concept().equals("red-c")).findFirst().orElseThrow().iou();
    }

    @Test
    void unknownUpsamplingNamesTheChoices() {
        assertThatThrownBy(() -> Upsampling.parse("nearest")).isInstanceOf(VisorException.class)
                .hasMessageContaining("bilinear, receptive-field");
    }
}
