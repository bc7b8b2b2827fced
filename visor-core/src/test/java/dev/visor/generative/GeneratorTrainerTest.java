package dev.visor.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator trainer on a tiny run (640 images, 2 epochs). */
class GeneratorTrainerTest {
    static Dataset train;
    static Dataset test;
    static Model classifier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN);
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(200);
        classifier = ModelLoader.load("builtin:fashion-cnn");
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static GeneratorSettings tiny() {
        return GeneratorSettings.defaults().withLimit(640).withEpochs(2).withSeed(3);
    }

    /** Stops the run after its first epoch's checkpoint, like a kill between epochs. */
    static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void lossesFallAndAKilledRunResumesToTheSameWeights() {
        Path straight = tmp.resolve("straight");
        GeneratorTrainer.Result a = GeneratorTrainer.train(tiny(), classifier, train, test, straight, "test", new GeneratorListener() { });
        var h = a.provenance().history();
        assertThat(h).hasSize(2);
        assertThat(h.get(1).imageLoss()).isLessThan(h.get(0).imageLoss());
        assertThat(h.get(1).featureLoss()).isLessThan(h.get(0).featureLoss());
        assertThat(h.get(1).testReconstruction()).isLessThan(h.get(0).testReconstruction());
        assertThat(h.get(0).ganDiscriminatorLoss()).isFinite();
        assertThat(h.get(0).ganGeneratorLoss()).isFinite();

        Path killed = tmp.resolve("killed");
        assertThatThrownBy(() -> GeneratorTrainer.train(tiny(), classifier, train, test, killed, "test", new GeneratorListener() {
            @Override
            public void epochFinished(GeneratorProvenance.Epoch r) {
                throw new Kill();
            }
        })).isInstanceOf(Kill.class);
        GeneratorTrainer.Result b = GeneratorTrainer.train(tiny(), classifier, train, test, killed, "test", new GeneratorListener() { });
        assertThat(b.resumedAt()).isEqualTo(1);

        try (Model ga = ModelLoader.load(straight.toString()); Model gb = ModelLoader.load(killed.toString())) {
            assertThat(ga.inputSpec().isVector()).isTrue();
            assertThat(ga.graph().inputShape()).containsExactly(-1, 128);
            for (Map.Entry<String, NDArray> e : ga.graph().initializers().entrySet()) {
                assertThat(floats(gb.graph().initializers().get(e.getKey()))).as(e.getKey()).containsExactly(floats(e.getValue()));
            }
        }
        GeneratorProvenance p = VisorModelFile.training(VisorModelFile.directory(straight), GeneratorProvenance.class);
        assertThat(p.settings()).isEqualTo(tiny());
        assertThat(p.codeLength()).isEqualTo(128);
        assertThat(p.codeMax()).isPositive();
        assertThat(b.provenance().history().get(1).imageLoss()).isEqualTo(h.get(1).imageLoss());
    }

    private static float[] floats(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    @Test
    void theCodeLayerMustBeDenseAndTheFeatureLayerConvolutional() {
        Path out = tmp.resolve("bad");
        assertThatThrownBy(() -> GeneratorTrainer.train(tiny().withCodeLayer("relu2"), classifier, train, test, out, "t",
                new GeneratorListener() { })).isInstanceOf(VisorException.class)
                .hasMessageContaining("code layer 'relu2'").hasMessageContaining("64x14x14").hasMessageContaining("relu_fc1");
        assertThatThrownBy(() -> GeneratorTrainer.train(tiny().withFeatureLayer("fc1"), classifier, train, test, out, "t",
                new GeneratorListener() { })).isInstanceOf(VisorException.class)
                .hasMessageContaining("feature layer 'fc1'").hasMessageContaining("pool2");
        assertThatThrownBy(() -> GeneratorTrainer.train(tiny().withCodeLayer("fc9"), classifier, train, test, out, "t",
                new GeneratorListener() { })).isInstanceOf(VisorException.class).hasMessageContaining("unknown layer 'fc9'");
    }
}
