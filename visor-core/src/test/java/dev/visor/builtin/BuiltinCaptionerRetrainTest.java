package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.train.CaptionerSettings;
import dev.visor.train.CaptionerTrainer;
import dev.visor.train.TrainListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining builtin:fashion-captioner with its recorded command lands within 1 point of its class accuracy (~5-8 min). */
@Tag("slow")
class BuiltinCaptionerRetrainTest {
    @TempDir
    Path tmp;

    @Test
    void fashionCaptioner() {
        Provenance p = BuiltinModels.provenance("fashion-captioner");
        // Trained with the defaults: the command names no other setting.
        assertThat(p.command()).matches("visor train captioner --data fashion-mnist --seed \\d+ --out \\S+");
        CaptionerTrainer.Result r = CaptionerTrainer.train(CaptionerSettings.defaults().withSeed(p.seed()),
                FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN), FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST), tmp,
                p.command(), new TrainListener() { });
        System.out.printf("fashion-captioner retrained: class %.3f (shipped %.3f), brightness %.3f, size %.3f, %.0f s%n",
                r.provenance().testAccuracy(), p.testAccuracy(), r.brightnessAccuracy(), r.sizeAccuracy(), r.provenance().trainSeconds());
        assertThat(r.provenance().testAccuracy()).isCloseTo(p.testAccuracy(), offset(0.01));
    }
}
