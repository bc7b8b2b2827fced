package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dissection's two passes through the ONNX Runtime fast path (the default) give the reference (libtorch) path's
 * labels and top images on a test-sized synthetic probe set (issue 14, must-show 1).
 */
class DissectFastPathTest {
    private static final String SWITCH = "visor.fastForward";

    @TempDir
    Path tmp;

    @Test
    void labelsAndTopImagesEqualTheReferencePaths() {
        ProbeSet probe = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(80).withSize(32).withSeed(3), tmp.resolve("synth")));
        DissectSettings s = DissectSettings.defaults().withLayers("colour", "stripes").withQuantile(0.05).withBatchSize(8).withSketchK(200);
        DissectResult fast;
        DissectResult ref;
        try (Model m = PlantedNets.planted(32); NDManager step = m.manager().newSubManager()) {
            NDArray x = step.randomUniform(0, 1, m.inputSpec().batchShape(2));
            assertThat(m.forward(x, "colour").all()).as("the planted net's passes run on ONNX Runtime")
                    .doesNotContainKeys(m.graph().initializers().keySet().toArray(String[]::new));
            fast = DissectJob.run(m, probe, s, PassListener.NONE, null);
        }
        System.setProperty(SWITCH, "off");
        try (Model m = PlantedNets.planted(32)) {
            ref = DissectJob.run(m, probe, s, PassListener.NONE, null);
        } finally {
            System.clearProperty(SWITCH);
        }
        for (String layer : List.of("colour", "stripes")) {
            assertThat(fast.labels(layer)).as(layer + " labels").isEqualTo(ref.labels(layer));
            assertThat(fast.summary(layer)).isEqualTo(ref.summary(layer));
            int[] units = ref.top(layer).units();
            for (int u = 0; u < units.length; u++) {
                assertThat(fast.top(layer).entries(u).stream().map(e -> e.image()).toList()).as(layer + " unit " + u + " top images")
                        .isEqualTo(ref.top(layer).entries(u).stream().map(e -> e.image()).toList());
            }
        }
        System.out.println("dissection, 80 synthetic images, colour + stripes: labels and top images equal; colour unit 0 "
                + fast.labels("colour").get(0).label() + " vs " + ref.labels("colour").get(0).label());
    }
}
