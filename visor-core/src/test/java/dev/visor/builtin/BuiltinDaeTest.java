package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.model.Model;
import dev.visor.ppgn.DaePrior;
import dev.visor.train.CodeSet;
import dev.visor.train.DaeTrainer;
import org.junit.jupiter.api.Test;

/** The shipped PPGN prior, measured on the codes of 5000 Fashion-MNIST test images it never saw. */
class BuiltinDaeTest {
    @Test
    void fashionDaeDenoisesHeldOutCodesBetterThanTheIdentityAndTheUnitMeans() {
        Dataset train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(5000);
        Dataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(5000);
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); DaePrior r = DaePrior.load("builtin:fashion-dae")) {
            assertThat(r.dim()).isEqualTo(128);
            assertThat(r.model().inputSpec().isVector()).isTrue();
            CodeSet testCodes = CodeSet.of(cnn, "relu_fc1", test, 0);
            double sigma = r.noiseStd();
            // The identity map's MSE on noisy codes is σ² in expectation; the DAE must pull them back towards the data.
            double denoised = DaeTrainer.loss(r.model(), testCodes, (float) sigma, RunRandom.derive(5, "noise"));
            double clean = DaeTrainer.loss(r.model(), testCodes, 0, 0);
            double unitMeans = dev.visor.train.DaeTrainerTestAccess.unitMeanMse(CodeSet.of(cnn, "relu_fc1", train, 0), testCodes);
            System.out.printf("builtin:fashion-dae on 5000 test codes: denoising MSE %.4f (identity %.4f), clean %.4f (unit means %.4f)%n",
                    denoised, sigma * sigma, clean, unitMeans);
            assertThat(denoised).isLessThan(0.75 * sigma * sigma);
            assertThat(clean).isLessThan(0.1 * unitMeans);
            Provenance p = BuiltinModels.provenance("fashion-dae");
            assertThat(p.command()).startsWith("visor train dae").contains("--classifier builtin:fashion-cnn")
                    .contains("--code-layer relu_fc1").contains("--seed " + p.seed());
        }
    }
}
