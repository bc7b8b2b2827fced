package dev.visor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.ForwardRequest;
import dev.visor.ppgn.CaptionTemplates;
import dev.visor.ppgn.Captioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionerTrainerTest {
    @TempDir
    Path tmp;

    @Test
    void killedRunResumesToTheSameWeightsAndTheDecoderMatchesABruteForceRecomputation() throws IOException {
        Dataset train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(1200);
        CaptionerSettings s = new CaptionerSettings(2, 64, 2e-3f, 32, 3, 0);
        Path straight = tmp.resolve("straight");
        CaptionerTrainer.Result a = CaptionerTrainer.train(s, train, null, straight, "test", new TrainListener() { });
        assertThat(a.provenance().history().get(1).loss()).isLessThan(a.provenance().history().get(0).loss());
        Path killed = tmp.resolve("killed");
        assertThatThrownBy(() -> CaptionerTrainer.train(s, train, null, killed, "test", new TrainListener() {
            @Override
            public void epochFinished(Provenance.Epoch r) {
                throw new ClassifierTrainerTest.Kill();
            }
        })).isInstanceOf(ClassifierTrainerTest.Kill.class);
        CaptionerTrainer.Result b = CaptionerTrainer.train(s, train, null, killed, "test", new TrainListener() { });
        assertThat(b.resumedAt()).isEqualTo(1);
        assertThat(Files.mismatch(straight.resolve(VisorModelFile.WEIGHTS), killed.resolve(VisorModelFile.WEIGHTS))).isEqualTo(-1L);

        try (Captioner c = Captioner.load(straight.toString()); NDManager m = c.model().manager().newSubManager()) {
            assertThat(c.vocabulary()).isEqualTo(new CaptionTemplates(FashionMnist.CLASS_NAMES).vocabulary());
            assertThatThrownBy(() -> c.tokens("a glossy bag")).hasMessageContaining("the captioner knows: a, dark, bright");
            NDArray images = train.images(m, new int[] {0, 1}, 1, 28, 28);
            NDArray f = c.features(c.model().inputSpec().toModel(images), ForwardRequest.of());
            int[][] tokens = {c.tokens("a dark small ankle boot"), c.tokens("a t-shirt")};
            float[] got = c.decode(f, tokens).toFloatArray();
            float[][] feats = {java.util.Arrays.copyOfRange(f.toFloatArray(), 0, 32), java.util.Arrays.copyOfRange(f.toFloatArray(), 32, 64)};
            for (int i = 0; i < 2; i++) {
                assertThat(got[i]).isCloseTo((float) bruteForce(c, feats[i], tokens[i]), org.assertj.core.data.Offset.offset(1e-3f));
                assertThat(got[i]).isNegative();
            }
        }
    }

    /** Σ_t log softmax(relu(f·W_img + E[w_{t−1}] + P[t] + b)·W_out + b_out)[w_t], in plain Java doubles. */
    static double bruteForce(Captioner c, float[] f, int[] tokens) {
        var w = c.model().graph().initializers();
        float[] img = w.get(Captioner.IMG).toFloatArray();
        float[] embed = w.get(Captioner.EMBED).toFloatArray();
        float[] pos = w.get(Captioner.POS).toFloatArray();
        float[] bias = w.get(Captioner.BIAS).toFloatArray();
        float[] out = w.get(Captioner.OUT).toFloatArray();
        float[] outBias = w.get(Captioner.OUT_BIAS).toFloatArray();
        List<String> vocab = c.vocabulary();
        int v = vocab.size();
        int h = bias.length;
        double total = 0;
        int prev = vocab.indexOf(CaptionTemplates.START);
        for (int t = 0; t < tokens.length; t++) {
            double[] z = new double[h];
            for (int j = 0; j < h; j++) {
                double s = bias[j] + embed[prev * h + j] + pos[t * h + j];
                for (int k = 0; k < f.length; k++) {
                    s += f[k] * img[k * h + j];
                }
                z[j] = Math.max(0, s);
            }
            double[] logits = new double[v];
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < v; o++) {
                double s = outBias[o];
                for (int j = 0; j < h; j++) {
                    s += z[j] * out[j * v + o];
                }
                logits[o] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            total += logits[tokens[t]] - max - Math.log(sum);
            prev = tokens[t];
        }
        return total;
    }
}
