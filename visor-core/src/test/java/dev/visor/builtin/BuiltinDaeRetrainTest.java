package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.train.DaeSettings;
import dev.visor.train.DaeTrainer;
import dev.visor.train.TrainListener;
import java.nio.file.Path;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining builtin:fashion-dae with its recorded settings ends within 2 % of the shipped final loss (~1 min). */
@Tag("slow")
class BuiltinDaeRetrainTest {
    @TempDir
    Path tmp;

    @Test
    void fashionDae() {
        Provenance p = BuiltinModels.provenance("fashion-dae");
        // Trained with the defaults: the command names no other setting.
        assertThat(p.command()).matches("visor train dae --classifier builtin:fashion-cnn --code-layer relu_fc1 --seed \\d+ --out \\S+");
        DaeSettings s = DaeSettings.defaults("builtin:fashion-cnn", "relu_fc1").withSeed(p.seed());
        DaeTrainer.Result r = DaeTrainer.train(s, FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN),
                FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST), tmp, p.command(), new TrainListener() { });
        double shipped = p.history().get(p.history().size() - 1).loss();
        double now = r.provenance().history().get(r.provenance().history().size() - 1).loss();
        System.out.printf("fashion-dae retrained: final loss %.5f (shipped %.5f), %.0f s%n", now, shipped, r.provenance().trainSeconds());
        assertThat(now).isCloseTo(shipped, Percentage.withPercentage(2));
    }
}
