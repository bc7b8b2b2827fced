package dev.visor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTrainerTest {
    static Dataset train;
    static Dataset test;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(2000);
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(500);
    }

    private static TrainSettings settings(long seed) {
        return new TrainSettings("fashion-cnn", 2, 64, 2e-3f, seed, true, 0);
    }

    /** Stops the run after its first epoch (its checkpoint is written), like a kill between epochs. */
    static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void killedRunResumesToTheSameWeightsAsAnUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        ClassifierTrainer.Result a = ClassifierTrainer.train(settings(7), train, test, straight, "test", new TrainListener() { });
        assertThat(a.resumedAt()).isZero();
        assertThat(a.provenance().history()).hasSize(2);

        Path killed = tmp.resolve("killed");
        assertThatThrownBy(() -> ClassifierTrainer.train(settings(7), train, test, killed, "test", new TrainListener() {
            @Override
            public void epochFinished(Provenance.Epoch r) {
                throw new Kill();
            }
        })).isInstanceOf(Kill.class);
        assertThat(killed.resolve(VisorModelFile.JSON)).doesNotExist();
        int[] resumedFrom = {-1};
        ClassifierTrainer.Result b = ClassifierTrainer.train(settings(7), train, test, killed, "test", new TrainListener() {
            @Override
            public void resumed(int epochsDone) {
                resumedFrom[0] = epochsDone;
            }
        });
        assertThat(resumedFrom[0]).isEqualTo(1);
        assertThat(b.resumedAt()).isEqualTo(1);
        assertThat(Files.mismatch(straight.resolve(VisorModelFile.WEIGHTS), killed.resolve(VisorModelFile.WEIGHTS))).isEqualTo(-1L);
        assertThat(b.provenance().history().get(1)).usingRecursiveComparison().ignoringFields("seconds")
                .isEqualTo(a.provenance().history().get(1));
        // Learned something: the 10-class chance level is 10%.
        assertThat(a.provenance().testAccuracy()).isGreaterThan(0.6);
        try (Model m = ModelLoader.load(straight.toString())) {
            assertThat(Evaluation.run(m, test, 500).accuracy()).isEqualTo(a.provenance().testAccuracy());
            assertThat(m.layerNames()).contains("conv1", "bn1", "relu1", "pool1", "conv2", "fc1", "logits");
            assertThat(m.labels()).isEqualTo(FashionMnist.CLASS_NAMES);
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() throws IOException {
        TrainSettings one = new TrainSettings("tiny-cnn", 1, 50, 2e-3f, 3, false, 600);
        TrainSettings other = new TrainSettings("tiny-cnn", 1, 50, 2e-3f, 4, false, 600);
        ClassifierTrainer.train(one, train, null, tmp.resolve("a"), "t", new TrainListener() { });
        ClassifierTrainer.train(one, train, null, tmp.resolve("b"), "t", new TrainListener() { });
        ClassifierTrainer.train(other, train, null, tmp.resolve("c"), "t", new TrainListener() { });
        Path wa = tmp.resolve("a").resolve(VisorModelFile.WEIGHTS);
        assertThat(Files.mismatch(wa, tmp.resolve("b").resolve(VisorModelFile.WEIGHTS))).isEqualTo(-1L);
        assertThat(Files.mismatch(wa, tmp.resolve("c").resolve(VisorModelFile.WEIGHTS))).isNotEqualTo(-1L);
    }

    @Test
    void checkpointOfAnotherRunIsRefused() {
        TrainSettings one = new TrainSettings("tiny-cnn", 1, 50, 2e-3f, 3, false, 200);
        ClassifierTrainer.train(one, train, null, tmp, "t", new TrainListener() { });
        TrainSettings other = new TrainSettings("tiny-cnn", 1, 50, 2e-3f, 5, false, 200);
        assertThatThrownBy(() -> ClassifierTrainer.train(other, train, null, tmp, "t", new TrainListener() { }))
                .isInstanceOf(VisorException.class).hasMessageContaining("checkpoint of another run");
        assertThatThrownBy(() -> new TrainSettings("resnet", 1, 1, 1f, 1, false, 0)).isInstanceOf(VisorException.class)
                .hasMessageContaining("fashion-cnn, fashion-cnn-b");
    }
}
