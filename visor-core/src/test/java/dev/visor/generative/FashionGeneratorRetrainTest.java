package dev.visor.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining builtin:fashion-generator with its recorded settings reproduces its reconstruction error within 5 % (must-show 5). */
@Tag("slow")
class FashionGeneratorRetrainTest {
    @TempDir
    Path tmp;

    @Test
    void retrainingReproducesTheReconstructionError() {
        GeneratorProvenance p = BuiltinModels.training("fashion-generator", GeneratorProvenance.class);
        assertThat(p.command()).startsWith("visor train generator").contains("--seed " + p.settings().seed());
        Dataset train = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN);
        Dataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        GeneratorTrainer.Result r = GeneratorTrainer.train(p.settings(), train, test, tmp.resolve("g"), p.command(),
                new GeneratorListener() { });
        System.out.printf("fashion-generator retrained: reconstruction %.3f (shipped %.3f), %.0f s, %.0f images/s%n",
                r.provenance().reconstructionError(), p.reconstructionError(), r.provenance().trainSeconds(),
                r.provenance().imagesPerSecond());
        assertThat(r.provenance().reconstructionError()).isCloseTo(p.reconstructionError(), offset(0.05 * p.reconstructionError()));
    }
}
