package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.TrainListener;
import dev.visor.train.TrainSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining with the recorded command and seed lands within 0.5 points of the shipped accuracy (~10 min each). */
@Tag("slow")
class BuiltinRetrainTest {
    @TempDir
    Path tmp;

    private void retrain(String name) {
        Provenance p = BuiltinModels.provenance(name);
        Dataset train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN);
        Dataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        int limit = p.trainImages() == train.size() ? 0 : p.trainImages();
        TrainSettings s = new TrainSettings(p.architecture(), p.epochs(), p.batchSize(), p.learningRate(), p.seed(), p.augment(), limit);
        ClassifierTrainer.Result r = ClassifierTrainer.train(s, train, test, tmp.resolve(name), p.command(), new TrainListener() { });
        System.out.printf("%s retrained: %.4f (shipped %.4f), %.0f s, %.0f images/s%n", name, r.provenance().testAccuracy(),
                p.testAccuracy(), r.provenance().trainSeconds(), r.provenance().imagesPerSecond());
        assertThat(r.provenance().testAccuracy()).isCloseTo(p.testAccuracy(), offset(0.005));
    }

    @Test
    void fashionCnn() {
        retrain("fashion-cnn");
    }

    @Test
    void fashionCnnB() {
        retrain("fashion-cnn-b");
    }
}
