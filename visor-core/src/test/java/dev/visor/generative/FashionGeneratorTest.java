package dev.visor.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped generator (issue 10, must-show 1): on 1000 test images, G(E(x)) is closer to x than the mean image of x's
 * class (computed here from the 60000 training images) is.
 */
class FashionGeneratorTest {
    private static final int N = 1000;

    @Test
    void reconstructionThroughTheCodeBeatsTheClassMeanImage() {
        Dataset train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN);
        Dataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        GeneratorProvenance p = BuiltinModels.training("fashion-generator", GeneratorProvenance.class);
        assertThat(p.settings().classifier()).isEqualTo("builtin:fashion-cnn");
        try (Model classifier = ModelLoader.load(p.settings().classifier());
             Model g = ModelLoader.load("builtin:fashion-generator");
             NDManager m = Engines.newManager()) {
            assertThat(g.inputSpec().isVector()).isTrue();
            assertThat(g.graph().inputShape()).containsExactly(-1, 128);
            // Class means of the training images, pixel by pixel.
            double[][] sum = new double[10][784];
            int[] count = new int[10];
            for (int start = 0; start < train.size(); start += 5000) {
                int[] idx = IntStream.range(start, Math.min(train.size(), start + 5000)).toArray();
                try (NDManager s = m.newSubManager()) {
                    float[] px = train.images(s, idx, 1, 28, 28).toFloatArray();
                    for (int k = 0; k < idx.length; k++) {
                        int c = train.label(idx[k]);
                        count[c]++;
                        for (int j = 0; j < 784; j++) {
                            sum[c][j] += px[k * 784 + j];
                        }
                    }
                }
            }
            int[] idx = IntStream.range(0, N).toArray();
            NDArray x = test.images(m, idx, 1, 28, 28);
            NDArray h = classifier.forward(classifier.inputSpec().toModel(x), "relu_fc1").get("relu_fc1");
            float[] rec = g.forward(h).output().toFloatArray();
            float[] px = x.toFloatArray();
            assertThat(rec).hasSize(N * 784);
            double gErr = 0;
            double meanErr = 0;
            for (int k = 0; k < N; k++) {
                int c = test.label(k);
                for (int j = 0; j < 784; j++) {
                    double v = px[k * 784 + j];
                    gErr += Math.pow(rec[k * 784 + j] - v, 2);
                    meanErr += Math.pow(sum[c][j] / count[c] - v, 2);
                }
            }
            gErr /= N;
            meanErr /= N;
            System.out.printf("fashion-generator on %d test images: mean ||G(E(x)) - x||^2 = %.3f; class-mean image: %.3f (ratio %.3f)%n",
                    N, gErr, meanErr, gErr / meanErr);
            assertThat(gErr).isLessThan(meanErr);
            // The number recorded at training time is the one measured now.
            assertThat(gErr).isCloseTo(p.reconstructionError(), offset(1e-3 * p.reconstructionError()));
        }
    }
}
