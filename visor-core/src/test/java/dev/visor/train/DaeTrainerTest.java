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
import dev.visor.ppgn.DaePrior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaeTrainerTest {
    static Dataset train;
    static Dataset test;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(3000);
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(500);
    }

    private static DaeSettings settings() {
        return new DaeSettings("builtin:fashion-cnn", "relu_fc1", 0.3f, 3, 32, 3e-3f, 1, 0);
    }

    @Test
    void killedRunResumesToTheSameWeightsAndTheDaeDenoises() throws IOException {
        Path straight = tmp.resolve("straight");
        DaeTrainer.Result a = DaeTrainer.train(settings(), train, test, straight, "test", new TrainListener() { });
        assertThat(a.provenance().architecture()).isEqualTo("dae-128-96-64-96-128");
        Path killed = tmp.resolve("killed");
        assertThatThrownBy(() -> DaeTrainer.train(settings(), train, test, killed, "test", new TrainListener() {
            @Override
            public void epochFinished(Provenance.Epoch r) {
                if (r.epoch() == 2) {
                    throw new ClassifierTrainerTest.Kill();
                }
            }
        })).isInstanceOf(ClassifierTrainerTest.Kill.class);
        int[] resumedFrom = {-1};
        DaeTrainer.Result b = DaeTrainer.train(settings(), train, test, killed, "test", new TrainListener() {
            @Override
            public void resumed(int epochsDone) {
                resumedFrom[0] = epochsDone;
            }
        });
        assertThat(resumedFrom[0]).isEqualTo(2);
        assertThat(Files.mismatch(straight.resolve(VisorModelFile.WEIGHTS), killed.resolve(VisorModelFile.WEIGHTS))).isEqualTo(-1L);

        // Learned the codes: far better than the per-unit mean of the training codes (held-out codes); denoising
        // below the identity map is checked on the shipped model (BuiltinDaeTest), trained on 20x more codes.
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); DaePrior r = DaePrior.load(straight.toString())) {
            CodeSet trainCodes = CodeSet.of(cnn, "relu_fc1", train, 0);
            CodeSet testCodes = CodeSet.of(cnn, "relu_fc1", test, 0);
            assertThat(r.noiseStd()).isCloseTo(0.3 * trainCodes.std(), org.assertj.core.data.Percentage.withPercentage(0.1));
            double clean = DaeTrainer.loss(r.model(), testCodes, 0, 0);
            double meanBaseline = unitMeanMse(trainCodes, testCodes);
            System.out.printf("DAE on 3000 codes, 3 epochs of batch 32: clean test MSE %.4f vs unit means %.4f%n", clean, meanBaseline);
            assertThat(clean).isLessThan(0.25 * meanBaseline);
            assertThat(a.provenance().history().get(2).loss()).isLessThan(a.provenance().history().get(0).loss());
            float max = 0;
            for (float v : trainCodes.max()) {
                max = Math.max(max, v);
            }
            float recorded = 0;
            for (float v : r.codeMax()) {
                recorded = Math.max(recorded, v);
            }
            assertThat(r.codeMax()).hasSize(128);
            assertThat(recorded).isEqualTo(max);
        }
    }

    /** MSE of predicting every held-out code by the per-unit mean of the training codes. */
    static double unitMeanMse(CodeSet trainCodes, CodeSet testCodes) {
        double[] mean = new double[trainCodes.dim()];
        for (int i = 0; i < trainCodes.size(); i++) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += trainCodes.values()[i * mean.length + j] / (double) trainCodes.size();
            }
        }
        double mse = 0;
        for (int i = 0; i < testCodes.size(); i++) {
            for (int j = 0; j < mean.length; j++) {
                double e = testCodes.values()[i * mean.length + j] - mean[j];
                mse += e * e;
            }
        }
        return mse / ((double) testCodes.size() * testCodes.dim());
    }

    @Test
    void aCodeLayerThatIsNotAVectorIsRefused() {
        DaeSettings s = DaeSettings.defaults("builtin:fashion-cnn", "conv1").withEpochs(1).withLimit(10);
        assertThatThrownBy(() -> DaeTrainer.train(s, train, null, tmp, "t", new TrainListener() { }))
                .isInstanceOf(VisorException.class).hasMessageContaining("vector layer");
        assertThatThrownBy(() -> DaeSettings.defaults("builtin:fashion-cnn", "relu_fc1").withNoise(0))
                .isInstanceOf(VisorException.class).hasMessageContaining("--noise");
    }
}
