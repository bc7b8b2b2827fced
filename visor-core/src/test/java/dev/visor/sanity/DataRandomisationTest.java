package dev.visor.sanity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.attribution.AttributionMethod;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.TestPaths;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The data-randomisation test: shuffled labels, the architecture lookup, and (slow) the whole test on fashion-cnn. */
class DataRandomisationTest {
    private static Dataset fashion() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
        return Datasets.open("fashion-mnist", Split.TRAIN).head(3000);
    }

    @Test
    void shuffledLabelsKeepTheImagesAndEachLabelsCountButNotThePairing() {
        Dataset d = fashion();
        ShuffledLabels s = ShuffledLabels.of(d, 5);
        int[] before = new int[10];
        int[] after = new int[10];
        int same = 0;
        for (int i = 0; i < d.size(); i++) {
            before[d.label(i)]++;
            after[s.label(i)]++;
            same += d.label(i) == s.label(i) ? 1 : 0;
        }
        assertThat(after).isEqualTo(before);
        // Fashion-MNIST is balanced over 10 classes: a random pairing keeps about 1 label in 10.
        assertThat(same / (double) d.size()).isBetween(0.05, 0.15);
        assertThat(ShuffledLabels.of(d, 5).labels()).isEqualTo(s.labels());
        assertThat(ShuffledLabels.of(d, 6).labels()).isNotEqualTo(s.labels());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = d.images(m, new int[] {7}, 1, 28, 28);
            assertThat(s.images(m, new int[] {7}, 1, 28, 28).toFloatArray()).isEqualTo(a.toFloatArray());
        }
        assertThat(s.name()).contains("labels shuffled", "seed 5");
    }

    @Test
    void theArchitectureComesFromTheTrainingRecordAndOtherModelsAreOneLine() {
        // builtin:fashion-cnn was trained with --arch fashion-cnn (its TRAINING.md).
        assertThat(DataRandomisation.architecture("builtin:fashion-cnn")).isEqualTo("fashion-cnn");
        String darknet = TestPaths.shared().resolve("models/darknet-tiny").toString();
        assertThatThrownBy(() -> DataRandomisation.architecture(darknet)).isInstanceOf(VisorException.class)
                .hasMessageContaining("needs a model trained by Visor").hasMessageContaining("builtin:NAME").hasMessageNotContaining("\n");
    }

    @Test
    @Tag("slow")
    void aCopyTrainedOnShuffledLabelsGivesOtherMapsThanTheTrainedModel() {
        fashion();
        try (Model model = ModelLoader.load("builtin:fashion-cnn"); NDManager m = model.manager().newSubManager()) {
            NDArray x = Datasets.open("fashion-mnist:test", Split.TEST).images(m, new int[] {0}, 1, 28, 28);
            SanitySettings s = SanitySettings.defaults().withDepth(1).withSeed(3).withData("fashion-mnist");
            long t0 = System.nanoTime();
            SanityJob.Result r = SanityJob.run(model, x, s);
            SanityJob.Row data = r.rows().get(r.rows().size() - 1);
            System.out.printf("data randomisation: %.1f s in all, shuffled-label accuracy %.3f, spearman %s, ssim %s%n",
                    (System.nanoTime() - t0) / 1e9, r.dataAccuracy(), Arrays.toString(data.spearman()), Arrays.toString(data.ssim()));
            assertThat(data.mode()).isEqualTo(SanityJob.Mode.DATA);
            assertThat(data.count()).isEqualTo(RandomizedCopy.weightedLayers(model).size());
            // One epoch on 2000 images cannot fit labels that carry no information: about chance (10 classes).
            assertThat(r.dataAccuracy()).isBetween(0.0, 0.2);
            // Every method's map on the shuffled-label copy differs from the trained model's (Adebayo et al.: ρ well below 1).
            for (int i = 0; i < r.methods().size(); i++) {
                assertThat(data.spearman()[i]).as(r.methods().get(i).key()).isLessThan(0.5);
            }
            assertThat(r.methods()).contains(AttributionMethod.SALIENCY);
        }
    }
}
